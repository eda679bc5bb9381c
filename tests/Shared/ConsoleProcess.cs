using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HmsOps.Tests.Shared;

/// <summary>
/// The real console as a separate process on 127.0.0.1 with a free port and its own data folder,
/// so tests can kill it with SIGKILL, restart it on the same data, and read what it prints.
/// It knows the <see cref="TestUsers"/>; once ready it holds a personal token of <see cref="TestUsers.Lead1"/>, which
/// <see cref="CreateClient"/> sends unless asked for an anonymous client.
/// </summary>
public sealed partial class ConsoleProcess : IAsyncDisposable
{
    public const string ApiKey = "test-ingest-key";

    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Dictionary<string, string> _settings;
    private readonly bool _ownsDataPath;
    private Process? _process;

    public ConsoleProcess(IReadOnlyDictionary<string, string>? settings = null, string? dataPath = null, int? port = null)
    {
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), "hmsops-test-" + Guid.NewGuid().ToString("N"));
        _ownsDataPath = dataPath is null;
        Port = port ?? FreePort();
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage:DataPath"] = DataPath,
            ["Ingest:ApiKeys:0"] = ApiKey,
            ["Urls"] = BaseUrl,
            // Tests sign in far more often than people do; lockout and per-user bounds keep their defaults.
            ["Auth:LoginRateLimit:PermitLimit"] = "100000",
            ["Auth:Tokens:MaxPerUser"] = "100000",
        };
        foreach (var (key, value) in TestUsers.Settings())
        {
            _settings[key] = value;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }
    }

    public string DataPath { get; }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>A personal token of <see cref="TestUsers.Lead1"/>, made when the console became ready.</summary>
    public string? LeadToken { get; private set; }

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    public IReadOnlyCollection<string> StandardOutput => _stdout;

    public IReadOnlyCollection<string> StandardError => _stderr;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Starts the process (it is not waited for: see <see cref="WaitUntilReadyAsync"/>).</summary>
    public void Start()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        info.ArgumentList.Add(BuiltAssemblyPath("HmsOps.Console", "HmsOps.Console.dll"));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in _settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Keep(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(_stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Starts and polls /readyz until it answers 200, the process exits, or the deadline passes.</summary>
    public async Task StartAndWaitUntilReadyAsync(TimeSpan? timeout = null)
    {
        Start();
        await WaitUntilReadyAsync(timeout);
    }

    public async Task WaitUntilReadyAsync(TimeSpan? timeout = null)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException(
                    $"the console exited with {_process.ExitCode} before it was ready:\n{string.Join('\n', _stderr)}\n{string.Join('\n', _stdout.TakeLast(20))}");
            }
            try
            {
                using var response = await client.GetAsync(BaseUrl + "/readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    LeadToken = await CreateTokenAsync(TestUsers.Lead1);
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the console was not ready within the deadline:\n{string.Join('\n', _stdout.TakeLast(20))}");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.</summary>
    public async Task KillHardAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM and wait: the console drains, snapshots and exits.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
    }

    /// <summary>Waits for the process to exit by itself (e.g. a start-up failure) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>A client with the ingest key and, unless <paramref name="signedIn"/> is false, lead1's personal token.</summary>
    public HttpClient CreateClient(bool withApiKey = true, bool signedIn = true)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        if (withApiKey)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        }
        if (signedIn && LeadToken is { } token)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>A client signed in through the login form (cookie), as a browser is; redirects are not followed.</summary>
    public async Task<HttpClient> SignInAsync(string user, string? password = null)
    {
        var client = CreateCookieClient();
        using var response = await PostLoginAsync(client, user, password ?? TestUsers.Password(user));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("failed=1", StringComparison.Ordinal) != false)
        {
            client.Dispose();
            throw new InvalidOperationException($"sign-in as {user} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }
        return client;
    }

    /// <summary>A cookie-keeping client that does not follow redirects (so a test sees the 302 to /login).</summary>
    public HttpClient CreateCookieClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(BaseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Posts the login form (with the antiforgery token from the login page) and returns the raw answer.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient cookieClient, string user, string password, string returnUrl = "/")
    {
        var page = await cookieClient.GetStringAsync("/login");
        var token = AntiforgeryField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("the login page has no antiforgery token");
        return await cookieClient.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = user,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
        }));
    }

    /// <summary>Signs in as <paramref name="user"/> and creates a personal token through the API, as a person does.</summary>
    public async Task<string> CreateTokenAsync(string user, string name = "tests")
    {
        using var client = await SignInAsync(user);
        using var response = await client.PostAsJsonAsync("/api/tokens", new { name, expiresInDays = 30 });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public async ValueTask DisposeAsync()
    {
        await KillHardAsync();
        _process?.Dispose();
        if (_ownsDataPath && Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }
        lines.Enqueue(line);
        while (lines.Count > 5_000)
        {
            lines.TryDequeue(out _);
        }
    }

    /// <summary>The build output of a project under src/, in the same configuration as the running tests.</summary>
    public static string BuiltAssemblyPath(string project, string assembly)
    {
        // The test assembly sits in tests/X/bin/<Configuration>/net10.0/; the project was built in the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryRoot, "src", project, "bin", configuration, "net10.0", assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {project} first", path);
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HmsOps.Console.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("HmsOps.Console.sln not found above " + AppContext.BaseDirectory);
    }
}
