using System.Globalization;
using EmoteCare.Api;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Security;
using EmoteCare.Api.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmoteCare.WebApp.Tests;

/// <summary>A therapist and a patient assigned to them, with the patient's session booked; passwords as an admin would hand them out.</summary>
internal sealed record Cast(Account Therapist, string TherapistPassword, Account Patient, string PatientPassword, string SessionId);

/// <summary>
/// The real Api, composed as Program composes it (<c>AddEmoteCareApi</c>, <c>MapEmoteCareApi</c>), on Kestrel at a free loopback
/// port so a browser can reach it, serving the built web app, over a PostgreSQL database of its own.
/// </summary>
internal sealed class WebAppServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FreshDatabase _database;

    private WebAppServer(WebApplication app, FreshDatabase database, Uri address)
    {
        _app = app;
        _database = database;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the Api; <paramref name="settings"/> go on top of the test defaults.</summary>
    public static async Task<WebAppServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (!File.Exists(Path.Combine(TestEnvironment.WebRoot, "index.html")))
        {
            throw new InvalidOperationException($"The web app is not built ({TestEnvironment.WebRoot}/index.html is missing): run web/build.sh (./test.sh does).");
        }

        var database = await FreshDatabase.CreateAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ApplicationName = "EmoteCare.Api",
            ContentRootPath = Path.Combine(TestEnvironment.RepositoryRoot, "Api"),
            WebRootPath = TestEnvironment.WebRoot,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["Orleans:SiloPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Inference:ModelPath"] = TestEnvironment.ModelPath,
            // The machine has two cores and a browser to run besides.
            ["Inference:Workers"] = "1",
            // The chat's pages are under test, not the text model: the Text tests' hand-set stand-in.
            ["TextEmotion:ModelPath"] = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Text.Tests", "TestData", "text-test.onnx"),
            ["Logging:LogLevel:Default"] = "Warning",
            // Every browser test signs in from 127.0.0.1 against this one server; the sign-in limit is tested in Api.Tests.
            ["RateLimits:SignIn:PermitLimit"] = "1000",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddEmoteCareApi();
        var app = builder.Build();
        app.MapEmoteCareApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebAppServer(app, database, new Uri(address));
    }

    /// <summary>Creates a therapist and a patient through the app's own services, assigns them and books a session.</summary>
    public async Task<Cast> SeedAsync(string name)
    {
        var accounts = Services.GetRequiredService<AccountService>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var admin = await accounts.CreateAsync(Role.Admin, $"admin-{suffix}@test.example", "Test Admin", CancellationToken.None);
        var therapist = await accounts.CreateAsync(Role.Therapist, $"therapist-{suffix}@test.example", $"Dr {name}", CancellationToken.None);
        var patient = await accounts.CreateAsync(Role.Patient, $"patient-{suffix}@test.example", $"{name} Patient", CancellationToken.None);
        if (admin is null || therapist is null || patient is null)
        {
            throw new InvalidOperationException("A random email was taken.");
        }

        await Services.GetRequiredService<Assignments>().AssignAsync(new AppUser(admin.Account.Id, Role.Admin), patient.Account.Id, therapist.Account.Id, CancellationToken.None);
        // Recorded without the calendar: the pages are tested with a session of today, which working hours might not offer.
        var session = await Services.GetRequiredService<SessionIndex>().ScheduleAsync(
            new SessionRecord(Ids.New(), patient.Account.Id, therapist.Account.Id, DateTimeOffset.UtcNow), CancellationToken.None);
        return new Cast(therapist.Account, therapist.InitialPassword, patient.Account, patient.InitialPassword, session.Id);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
