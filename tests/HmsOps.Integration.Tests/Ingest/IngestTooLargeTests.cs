using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HmsOps.Integration.Tests.Infrastructure;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.Ingest;

/// <summary>413 past Ingest:MaxBodyBytes, whether the client announces the length or streams it chunked.</summary>
public sealed class IngestTooLargeTests(IngestTooLargeTests.SmallBodyLimitConsole fixture)
    : IClassFixture<IngestTooLargeTests.SmallBodyLimitConsole>
{
    private const int Limit = 4096;

    public sealed class SmallBodyLimitConsole : ConsoleFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Ingest:MaxBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_accepted()
    {
        using var client = fixture.Console.CreateClient();
        var body = Encoding.UTF8.GetBytes(BodyOfSize(Limit - 100));

        using var response = await client.PostAsync("/ingest", Json(new ByteArrayContent(body)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_by_content_length_is_refused()
    {
        using var client = fixture.Console.CreateClient();
        var content = Json(new ByteArrayContent(Encoding.UTF8.GetBytes(BodyOfSize(Limit * 3))));

        using var response = await client.PostAsync("/ingest", content);

        Assert.NotNull(content.Headers.ContentLength);
        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task A_chunked_body_without_content_length_over_the_limit_is_refused()
    {
        using var client = fixture.Console.CreateClient();
        var content = Json(new ChunkedContent(Encoding.UTF8.GetBytes(BodyOfSize(Limit * 3))));

        using var response = await client.PostAsync("/ingest", content);

        Assert.Null(content.Headers.ContentLength);
        await AssertTooLargeAsync(response);
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal(413, problem.Status);
        Assert.Equal("body", Assert.Single(problem.Errors).Field);
    }

    /// <summary>The longest valid JSON array of logs not over <paramref name="bytes"/> bytes, so only its size can be wrong.</summary>
    private static string BodyOfSize(int bytes)
    {
        var item = Log("size-svc", new string('x', 100));
        var events = new List<object> { item };
        while (Array(events.Append(item)).Length <= bytes)
        {
            events.Add(item);
        }
        return Array(events);
    }

    private static HttpContent Json(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue(IngestHttp.Json);
        return content;
    }

    /// <summary>A body whose length is unknown up front, so HttpClient sends it with Transfer-Encoding: chunked.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            foreach (var chunk in bytes.Chunk(1000))
            {
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
