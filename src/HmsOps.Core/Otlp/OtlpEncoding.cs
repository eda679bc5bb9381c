namespace HmsOps.Core.Otlp;

/// <summary>OTLP/HTTP's two body encodings; a response uses the request's.</summary>
public enum OtlpEncoding
{
    Protobuf,
    Json,
}
