using System.Text;
using HmsOps.Core.Wal;

namespace HmsOps.Core.Tests.Wal;

public sealed class Crc32Tests
{
    [Fact]
    public void The_checksum_is_the_standard_CRC32_so_logs_written_by_older_consoles_still_verify()
    {
        // 0xCBF43926 is CRC-32/IEEE's published check value for "123456789", which the earlier table-driven code produced too.
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void A_checksum_over_two_parts_equals_the_checksum_of_them_joined()
    {
        var header = Encoding.ASCII.GetBytes("sequence");
        var payload = Encoding.UTF8.GetBytes("a batch of spans, with ümlauts and more than sixteen bytes to fold");

        Assert.Equal(Crc32.Compute([.. header, .. payload]), Crc32.Compute(header, payload));
    }
}
