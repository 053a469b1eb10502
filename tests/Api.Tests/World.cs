using System.Net.Http.Json;
using System.Text.Json;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Security;
using EmoteCare.Api.Sessions;
using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace EmoteCare.Api.Tests;

/// <summary>Who calls, as the authorization matrix sees it.</summary>
public enum Who
{
    Anonymous,
    Admin,
    Therapist,
    OtherTherapist,
    Patient,
    OtherPatient,
}

/// <summary>
/// Two therapists with one patient each: <see cref="Therapist"/> owns <see cref="Patient"/> and their sessions, and the
/// "other" pair owns nothing of theirs. Helpers make fresh resources for requests that change state.
/// </summary>
internal sealed class World
{
    private HttpClient? _anonymous;

    private World(TestApi api) => Api = api;

    public TestApi Api { get; }

    public Actor Admin { get; private set; } = null!;

    public Actor Therapist { get; private set; } = null!;

    public Actor OtherTherapist { get; private set; } = null!;

    public Actor Patient { get; private set; } = null!;

    public Actor OtherPatient { get; private set; } = null!;

    /// <summary>A scheduled session of <see cref="Patient"/> with <see cref="Therapist"/>.</summary>
    public string SessionId { get; private set; } = null!;

    /// <summary>An ended session of <see cref="Patient"/> with <see cref="Therapist"/>.</summary>
    public string EndedSessionId { get; private set; } = null!;

    /// <summary>An account only used to sign in with.</summary>
    public CreatedAccount SignInAccount { get; private set; } = null!;

    public IGrainFactory Grains => Api.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The co-hosted silo's address as the Orleans dashboard takes it in its paths.</summary>
    public string SiloAddress => Api.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress.ToParsableString();

    public static async Task<World> CreateAsync(TestApi api)
    {
        var world = new World(api)
        {
            Admin = await api.CreateActorAsync(Role.Admin),
            Therapist = await api.CreateActorAsync(Role.Therapist),
            OtherTherapist = await api.CreateActorAsync(Role.Therapist),
            Patient = await api.CreateActorAsync(Role.Patient),
            OtherPatient = await api.CreateActorAsync(Role.Patient),
            SignInAccount = await api.CreateAccountAsync(Role.Patient),
        };
        await world.AssignAsync(world.Patient.Id, world.Therapist.Id);
        await world.AssignAsync(world.OtherPatient.Id, world.OtherTherapist.Id);
        world.SessionId = await world.NewScheduledSessionAsync();
        world.EndedSessionId = await world.NewLiveSessionAsync();
        await world.Grains.GetGrain<ITherapySessionGrain>(world.EndedSessionId).End();
        return world;
    }

    /// <summary>Every day 08:00-18:00 in Berlin, 50-minute sessions: a practice with slots whenever a test runs.</summary>
    public static TherapistPractice EveryDay { get; } = new(
        [Specialty.Anxiety],
        ["en"],
        "Europe/Berlin",
        [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyHours(d, new TimeOnly(8, 0), new TimeOnly(18, 0)))],
        [],
        50,
        50);

    /// <summary>Gives <see cref="Therapist"/> the <see cref="EveryDay"/> practice unless they have one.</summary>
    public async Task EnsurePracticeAsync()
    {
        var therapist = Grains.GetGrain<ITherapistGrain>(Therapist.Id);
        if (await therapist.GetPractice() is null)
        {
            await therapist.SetPractice(EveryDay);
        }
    }

    /// <summary>The start of <see cref="Therapist"/>'s first free slot at least three days ahead (outside the notice period).</summary>
    public async Task<DateTimeOffset> FreeSlotAsync()
    {
        await EnsurePracticeAsync();
        var from = DateTimeOffset.UtcNow.AddDays(3);
        return (await Grains.GetGrain<ITherapistCalendarGrain>(Therapist.Id).GetFreeSlots(from, from.AddDays(14)))[0].Start;
    }

    /// <summary>A session of <see cref="Patient"/> booked through <see cref="Therapist"/>'s calendar, as the booking endpoint books it.</summary>
    public async Task<string> NewBookedSessionAsync()
    {
        var (session, problem) = await Api.Services.GetRequiredService<Scheduling.SessionBookings>().BookAsync(Therapist.Id, Patient.Id, await FreeSlotAsync(), CancellationToken.None);
        return session?.Id ?? throw new InvalidOperationException($"The calendar refused a free slot: {problem}.");
    }

    /// <summary>A new calendar feed secret of <see cref="Patient"/>'s.</summary>
    public Task<string> NewFeedSecretAsync() => Api.Services.GetRequiredService<Scheduling.CalendarFeeds>().CreateAsync(Patient.Id, CancellationToken.None);

    public HttpClient ClientOf(Who who) => who switch
    {
        Who.Admin => Admin.Client,
        Who.Therapist => Therapist.Client,
        Who.OtherTherapist => OtherTherapist.Client,
        Who.Patient => Patient.Client,
        Who.OtherPatient => OtherPatient.Client,
        _ => _anonymous ??= Api.CreateClient(),
    };

    public Task AssignAsync(string patientId, string therapistId) =>
        Api.Services.GetRequiredService<Assignments>().AssignAsync(new AppUser(Admin.Id, Role.Admin), patientId, therapistId, CancellationToken.None);

    public async Task<string> NewAssignedPatientAsync()
    {
        var patient = await Api.CreateAccountAsync(Role.Patient);
        await AssignAsync(patient.Account.Id, Therapist.Id);
        return patient.Account.Id;
    }

    /// <summary>A session of <see cref="Patient"/> in an hour, recorded without the calendar (whose slots need not include that time).</summary>
    public async Task<string> NewScheduledSessionAsync()
    {
        var session = await Api.Services.GetRequiredService<SessionIndex>().ScheduleAsync(new SessionRecord(Ids.New(), Patient.Id, Therapist.Id, DateTimeOffset.UtcNow.AddHours(1)), CancellationToken.None);
        return session.Id;
    }

    public async Task<string> NewLiveSessionAsync()
    {
        var sessionId = await NewScheduledSessionAsync();
        await Grains.GetGrain<ITherapySessionGrain>(sessionId).Start();
        return sessionId;
    }

    /// <summary><see cref="Patient"/>'s id, with <paramref name="resourceId"/> (again) assigned by <see cref="Therapist"/>.</summary>
    public async Task<string> PatientWithResourceAsync(string resourceId)
    {
        await Grains.GetGrain<IPatientResourcesGrain>(Patient.Id).Assign(resourceId, Therapist.Id);
        return Patient.Id;
    }

    /// <summary><see cref="Patient"/>'s id, with an intake sent.</summary>
    public async Task<string> PatientWithIntakeAsync()
    {
        await Grains.GetGrain<IIntakeGrain>(Patient.Id).Submit(new Intake("Worry that will not stop.", [Specialty.Anxiety], "en", null, []));
        return Patient.Id;
    }

    /// <summary>A new patient without a therapist whose intake waits in the admins' allocation queue.</summary>
    public async Task<string> NewQueuedPatientAsync()
    {
        var patient = await Api.CreateAccountAsync(Role.Patient);
        await Grains.GetGrain<IAllocationQueueGrain>(IAllocationQueueGrain.Key)
            .Put(new AllocationRequest(patient.Account.Id, AllocationRequestKind.NewPatient, [], null, null, null, [], DateTimeOffset.UtcNow));
        return patient.Account.Id;
    }

    /// <summary>A refresh token for <see cref="SignInAccount"/>, fetched from an address of its own.</summary>
    public async Task<string> NewRefreshTokenAsync()
    {
        using var client = Api.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email = SignInAccount.Account.Email, password = SignInAccount.InitialPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString()!;
    }
}
