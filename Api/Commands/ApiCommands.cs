using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Security;
using EmoteCare.Api.Scheduling;
using EmoteCare.Grains.Interfaces;
using Orleans;

namespace EmoteCare.Api.Commands;

/// <summary>
/// One-off commands run instead of the server: <c>seed-demo</c> and <c>create-admin EMAIL NAME</c>. They start the same
/// services without HTTP (the silo included, so grain profiles are written), print what they created, and stop.
/// Passwords go to standard output once, never to logs.
/// </summary>
internal static class ApiCommands
{
    public const string SeedDemo = "seed-demo";
    public const string CreateAdmin = "create-admin";

    private const string Usage = "Commands: seed-demo | create-admin EMAIL \"DISPLAY NAME\"";

    private static readonly TherapistPractice DemoPractice = new(
        [Specialty.Anxiety, Specialty.Depression],
        ["en"],
        "UTC",
        [.. Enum.GetValues<DayOfWeek>().Select(day => new WeeklyHours(day, new TimeOnly(7, 0), new TimeOnly(22, 0)))],
        [],
        50,
        25);

    public static bool IsCommand(string[] args) => args is [SeedDemo, ..] or [CreateAdmin, ..];

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // Standard output is for what the command created; warnings and errors go to standard error.
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
        // The command's silo joins the cluster for as long as the command runs, so every grain it calls has one
        // activation cluster-wide, on a port of its own beside a node on this machine and without a gateway.
        builder.Configuration.AddInMemoryCollection([new("Orleans:SiloPort", FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)), new("Orleans:GatewayPort", "0")]);
        builder.Logging.ClearProviders().AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddEmoteCareCore(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            return args switch
            {
                [SeedDemo] => await SeedDemoAsync(host.Services, output),
                [CreateAdmin, var email, var name] => await CreateAdminAsync(host.Services, email, name, output),
                _ => await FailAsync(output, Usage),
            };
        }
        finally
        {
            // Deactivates the grains, so their state is written before the process exits.
            await host.StopAsync();
        }
    }

    /// <summary>
    /// Creates a demo admin, therapist and patient with random passwords, gives the therapist a practice profile (every day
    /// 07:00-22:00 UTC) unless they have one, assigns the patient to the therapist and books the therapist's first free
    /// slot for them. Accounts that already exist are left as they are.
    /// </summary>
    private static async Task<int> SeedDemoAsync(IServiceProvider services, TextWriter output)
    {
        var accounts = services.GetRequiredService<AccountService>();
        var store = services.GetRequiredService<AccountStore>();
        await output.WriteLineAsync("Demo accounts (each password is shown only now; sign in with POST /api/auth/login or at /swagger):");

        async Task<(Account Account, bool Created)> EnsureAsync(Role role, string email, string name)
        {
            if (await accounts.CreateAsync(role, email, name, CancellationToken.None) is { } created)
            {
                await output.WriteLineAsync($"  {RoleNames.Of(role),-10} {email,-30} password: {created.InitialPassword}");
                return (created.Account, true);
            }

            await output.WriteLineAsync($"  {RoleNames.Of(role),-10} {email,-30} exists already; its password is unchanged");
            return (await store.FindByEmailAsync(email, CancellationToken.None) ?? throw new InvalidOperationException($"{email} vanished."), false);
        }

        var (admin, _) = await EnsureAsync(Role.Admin, "admin@emotecare.example", "Demo Admin");
        var (therapist, _) = await EnsureAsync(Role.Therapist, "therapist@emotecare.example", "Demo Therapist");
        var (patient, patientCreated) = await EnsureAsync(Role.Patient, "patient@emotecare.example", "Demo Patient");
        if (admin.Role != Role.Admin || therapist.Role != Role.Therapist || patient.Role != Role.Patient)
        {
            return await FailAsync(output, "A demo email belongs to an account of another role; nothing more was done.");
        }

        if (patientCreated)
        {
            var grains = services.GetRequiredService<IGrainFactory>();
            var practice = grains.GetGrain<ITherapistGrain>(therapist.Id);
            if (await practice.GetPractice() is null)
            {
                await practice.SetPractice(DemoPractice);
            }

            await services.GetRequiredService<Assignments>().AssignAsync(new AppUser(admin.Id, Role.Admin), patient.Id, therapist.Id, CancellationToken.None);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var slots = await grains.GetGrain<ITherapistCalendarGrain>(therapist.Id).GetFreeSlots(now, now.AddDays(7));
            if (slots.Count == 0)
            {
                return await FailAsync(output, "The patient is assigned, but the therapist has no free slot in the next seven days; nothing was booked.");
            }

            var (session, problem) = await services.GetRequiredService<SessionBookings>().BookAsync(therapist.Id, patient.Id, slots[0].Start, CancellationToken.None);
            if (session is null)
            {
                return await FailAsync(output, $"The patient is assigned, but booking the first free slot was refused ({problem}).");
            }

            await output.WriteLineAsync($"The patient is assigned to the therapist, with session {session.Id} booked for {session.ScheduledFor:u} (the therapist may start it early).");
        }

        return 0;
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, string email, string name, TextWriter output)
    {
        if ((InputRules.Email(email) ?? InputRules.Name(name)) is { } problem)
        {
            return await FailAsync(output, problem);
        }

        if (await services.GetRequiredService<AccountService>().CreateAsync(Role.Admin, email, name, CancellationToken.None) is not { } created)
        {
            return await FailAsync(output, $"An account with the email {email} exists.");
        }

        await output.WriteLineAsync($"Admin {created.Account.Id} created: {email}, password (shown only now): {created.InitialPassword}");
        return 0;
    }

    private static async Task<int> FailAsync(TextWriter output, string message)
    {
        await output.WriteLineAsync(message);
        return 2;
    }
}
