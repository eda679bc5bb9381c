using Google.Protobuf;
using HmsOps.Core.Otlp.Proto.Common;
using HmsOps.Core.Otlp.Proto.Resource;

namespace HmsOps.Core.Tests.Otlp;

/// <summary>Small helpers to build OTLP messages in tests.</summary>
internal static class OtlpBuilders
{
    public static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    public static long NowMs => Now.ToUnixTimeMilliseconds();

    /// <summary>Unix nanoseconds <paramref name="secondsAgo"/> before <see cref="Now"/>, plus extra microseconds.</summary>
    public static ulong Nanos(double secondsAgo, long extraMicros = 0) =>
        (ulong)((Now.ToUnixTimeMilliseconds() - (long)(secondsAgo * 1000)) * 1_000_000L + extraMicros * 1000);

    public static ByteString Id(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    public static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attr(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Attr(string key, AnyValue value) => new() { Key = key, Value = value };

    public static Resource Service(string name, params KeyValue[] more)
    {
        var resource = new Resource();
        resource.Attributes.Add(Attr("service.name", name));
        resource.Attributes.Add(more);
        return resource;
    }
}
