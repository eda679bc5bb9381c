using HmsOps.Core.Metrics;

namespace HmsOps.Core.Tests.Metrics;

/// <summary>Samples in 5-second slots: what a chart shows for a series after a sequence of writes.</summary>
public sealed class SampleBufferTests
{
    private const long Resolution = 5_000;

    [Fact]
    public void Gauge_values_in_one_slot_keep_only_the_latest()
    {
        var buffer = new SampleBuffer();
        buffer.Write(1_000, 10, isCounter: false, Resolution);
        buffer.Write(3_000, 12, isCounter: false, Resolution);
        buffer.Write(4_999, 11, isCounter: false, Resolution);

        Assert.Equal([(4_999L, 11d)], Samples(buffer));
    }

    [Fact]
    public void A_new_slot_starts_a_new_sample()
    {
        var buffer = new SampleBuffer();
        buffer.Write(4_999, 1, isCounter: false, Resolution);
        buffer.Write(5_000, 2, isCounter: false, Resolution);
        buffer.Write(12_000, 3, isCounter: false, Resolution);

        Assert.Equal([(4_999L, 1d), (5_000L, 2d), (12_000L, 3d)], Samples(buffer));
    }

    [Fact]
    public void Counter_increments_add_up_within_a_slot_and_carry_on_across_slots()
    {
        var buffer = new SampleBuffer();
        buffer.Write(1_000, 1, isCounter: true, Resolution);
        buffer.Write(2_000, 2, isCounter: true, Resolution);
        buffer.Write(6_000, 1, isCounter: true, Resolution);
        buffer.Write(21_000, 4, isCounter: true, Resolution);

        Assert.Equal([(2_000L, 3d), (6_000L, 4d), (21_000L, 8d)], Samples(buffer));
    }

    [Fact]
    public void A_backfilled_counter_increment_in_a_new_slot_is_inserted_and_raises_every_later_sample()
    {
        var buffer = new SampleBuffer();
        buffer.Write(1_000, 1, isCounter: true, Resolution);
        buffer.Write(11_000, 1, isCounter: true, Resolution);
        buffer.Write(16_000, 1, isCounter: true, Resolution);

        buffer.Write(6_000, 5, isCounter: true, Resolution);

        Assert.Equal([(1_000L, 1d), (6_000L, 6d), (11_000L, 7d), (16_000L, 8d)], Samples(buffer));
    }

    [Fact]
    public void A_backfilled_counter_increment_in_an_existing_slot_raises_that_sample_and_every_later_one()
    {
        var buffer = new SampleBuffer();
        buffer.Write(1_000, 1, isCounter: true, Resolution);
        buffer.Write(6_000, 1, isCounter: true, Resolution);
        buffer.Write(11_000, 1, isCounter: true, Resolution);

        buffer.Write(7_500, 3, isCounter: true, Resolution);
        buffer.Write(500, 10, isCounter: true, Resolution);

        // 7.5 s joins the 6 s sample's slot (+3 from there on); 0.5 s joins the 1 s sample's slot (+10 everywhere).
        Assert.Equal([(1_000L, 11d), (6_000L, 15d), (11_000L, 16d)], Samples(buffer));
    }

    [Fact]
    public void A_counter_increment_older_than_every_sample_becomes_the_first_sample()
    {
        var buffer = new SampleBuffer();
        buffer.Write(20_000, 1, isCounter: true, Resolution);

        buffer.Write(2_000, 2, isCounter: true, Resolution);

        Assert.Equal([(2_000L, 2d), (20_000L, 3d)], Samples(buffer));
    }

    [Fact]
    public void A_backfilled_gauge_value_in_a_new_slot_is_inserted_without_touching_later_samples()
    {
        var buffer = new SampleBuffer();
        buffer.Write(1_000, 10, isCounter: false, Resolution);
        buffer.Write(11_000, 30, isCounter: false, Resolution);

        buffer.Write(6_000, 20, isCounter: false, Resolution);

        Assert.Equal([(1_000L, 10d), (6_000L, 20d), (11_000L, 30d)], Samples(buffer));
    }

    [Fact]
    public void A_late_gauge_value_older_than_the_one_in_its_slot_does_not_replace_the_newer_value()
    {
        var buffer = new SampleBuffer();
        buffer.Write(4_000, 10, isCounter: false, Resolution);
        buffer.Write(11_000, 30, isCounter: false, Resolution);

        buffer.Write(2_000, 99, isCounter: false, Resolution);

        Assert.Equal([(4_000L, 10d), (11_000L, 30d)], Samples(buffer));
    }

    [Fact]
    public void A_late_gauge_value_newer_than_the_one_in_its_slot_replaces_it()
    {
        var buffer = new SampleBuffer();
        buffer.Write(1_000, 10, isCounter: false, Resolution);
        buffer.Write(11_000, 30, isCounter: false, Resolution);

        buffer.Write(4_000, 15, isCounter: false, Resolution);

        Assert.Equal([(4_000L, 15d), (11_000L, 30d)], Samples(buffer));
    }

    [Fact]
    public void Dropping_old_samples_keeps_the_rest_and_their_cumulative_values()
    {
        var buffer = new SampleBuffer();
        for (var i = 0; i < 10; i++)
        {
            buffer.Write(i * Resolution, 1, isCounter: true, Resolution);
        }

        buffer.DropBefore(7 * Resolution);

        Assert.Equal([(35_000L, 8d), (40_000L, 9d), (45_000L, 10d)], Samples(buffer));
        buffer.Write(50_000, 1, isCounter: true, Resolution);
        Assert.Equal((50_000L, 11d), (buffer.LastTimestamp, buffer.LastValue));
    }

    [Fact]
    public void Many_writes_with_retention_in_between_keep_every_sample_in_order()
    {
        var buffer = new SampleBuffer();
        for (var i = 0; i < 1_000; i++)
        {
            buffer.Write(i * Resolution, i, isCounter: false, Resolution);
            if (i % 50 == 49)
            {
                buffer.DropBefore((i - 20) * Resolution);
            }
        }

        var samples = Samples(buffer);
        Assert.Equal(Enumerable.Range(979, 21).Select(i => (i * Resolution, (double)i)), samples);
    }

    [Fact]
    public void Lower_bound_finds_the_first_sample_at_or_after_a_time()
    {
        var buffer = new SampleBuffer();
        buffer.Write(5_000, 1, isCounter: false, Resolution);
        buffer.Write(10_000, 2, isCounter: false, Resolution);

        Assert.Equal(0, buffer.LowerBound(0));
        Assert.Equal(0, buffer.LowerBound(5_000));
        Assert.Equal(1, buffer.LowerBound(5_001));
        Assert.Equal(2, buffer.LowerBound(10_001));
    }

    private static List<(long, double)> Samples(SampleBuffer buffer) =>
        Enumerable.Range(0, buffer.Count).Select(i => (buffer.TimestampAt(i), buffer.ValueAt(i))).ToList();
}
