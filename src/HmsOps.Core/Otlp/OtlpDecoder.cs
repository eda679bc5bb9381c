using Google.Protobuf;

namespace HmsOps.Core.Otlp;

/// <summary>Reads an export request in either encoding; unknown fields are skipped in both.</summary>
public static class OtlpDecoder
{
    public static T Decode<T>(ReadOnlySpan<byte> body, OtlpEncoding encoding, MessageParser<T> parser) where T : IMessage<T>, new()
    {
        if (encoding == OtlpEncoding.Json)
        {
            return OtlpJson.Parse<T>(body);
        }
        try
        {
            return parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new OtlpFormatException("the body is not an OTLP protobuf message: " + ex.Message, ex);
        }
    }

    public static byte[] Encode(IMessage message, OtlpEncoding encoding) =>
        encoding == OtlpEncoding.Json ? System.Text.Encoding.UTF8.GetBytes(OtlpJson.Format(message)) : message.ToByteArray();
}
