using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using EmoteCare.Api.Accounts;
using EmoteCare.Vision;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmoteCare.Api.Tests;

/// <summary>
/// The Api composed exactly as Program composes it (<c>AddEmoteCareApi</c>, <c>MapEmoteCareApi</c>) on an in-process test
/// server, over a database of its own. Every client gets its own remote IP address, so per-IP rate limits of one test
/// do not reach another.
/// </summary>
internal sealed class TestApi : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private static int _nextAddress;
    private readonly FreshDatabase _database;

    private TestApi(WebApplication app, FreshDatabase database, LogCollector logs)
    {
        App = app;
        _database = database;
        Logs = logs;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public string ConnectionString => _database.ConnectionString;

    /// <summary>Everything the application logged at Debug and above.</summary>
    public LogCollector Logs { get; }

    public static async Task<TestApi> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await FreshDatabase.CreateAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = "EmoteCare.Api" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["Orleans:SiloPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            // The chat's plumbing is under test, not the text model: the Text tests' hand-set stand-in keeps this fast.
            ["TextEmotion:ModelPath"] = Path.Combine(RepositoryFolder.FindAbove(AppContext.BaseDirectory)!, "tests", "Text.Tests", "TestData", "text-test.onnx"),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var logs = new LogCollector();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.AddEmoteCareApi();
        var app = builder.Build();
        app.MapEmoteCareApi();
        await app.StartAsync();
        return new TestApi(app, database, logs);
    }

    /// <summary>A client from its own IP address; signed in when <paramref name="accessToken"/> is given.</summary>
    public HttpClient CreateClient(string? accessToken = null, IPAddress? address = null)
    {
        var ip = address ?? NewAddress();
        var client = new HttpClient(App.GetTestServer().CreateHandler(context => context.Connection.RemoteIpAddress = ip))
        {
            BaseAddress = new Uri("http://localhost"),
        };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    /// <summary>A new account made through the services, as an admin would make it.</summary>
    public async Task<CreatedAccount> CreateAccountAsync(Role role, string? name = null)
    {
        var accounts = Services.GetRequiredService<AccountService>();
        var created = await accounts.CreateAsync(role, $"{Guid.NewGuid():N}@test.example", name ?? $"{role} {Guid.NewGuid():N}"[..20], CancellationToken.None);
        return created ?? throw new InvalidOperationException("A random email was taken.");
    }

    /// <summary>A new account and a client signed in as it with a bearer token.</summary>
    public async Task<Actor> CreateActorAsync(Role role)
    {
        var created = await CreateAccountAsync(role);
        return new Actor(created.Account, created.InitialPassword, await SignInAsync(created.Account.Email, created.InitialPassword));
    }

    /// <summary>A client signed in with a bearer token from <c>POST /api/auth/token</c>.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        using var anonymous = CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        return CreateClient(tokens.GetProperty("accessToken").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static IPAddress NewAddress()
    {
        var n = Interlocked.Increment(ref _nextAddress);
        return new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
    }
}

/// <summary>A signed-in account in a test.</summary>
internal sealed record Actor(Account Account, string Password, HttpClient Client)
{
    public string Id => Account.Id;
}

/// <summary>Collects every log line, so tests can check what never appears in logs.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IEnumerable<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>One <see cref="TestApi"/> per test class.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    internal TestApi Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await TestApi.StartAsync();

    public async Task DisposeAsync() => await Api.DisposeAsync();
}
