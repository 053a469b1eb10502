using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Practice;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace EmoteCare.Grains;

/// <summary>Settings of <see cref="TherapistGrain"/>.</summary>
public sealed class TherapistOptions
{
    /// <summary>Alerts kept in the inbox; beyond it the oldest acknowledged alerts go first, then the oldest of all.</summary>
    public int InboxCapacity { get; set; } = 500;

    /// <summary>Ended-session notes kept; the oldest go first.</summary>
    public int RecentSessionCapacity { get; set; } = 200;

    /// <summary>How long an inbox subscription lasts without renewal.</summary>
    public TimeSpan SubscriptionExpiry { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>An alert in a therapist's inbox.</summary>
[GenerateSerializer, Alias("emotecare.InboxEntry")]
public sealed class InboxEntry
{
    /// <summary>The alert.</summary>
    [Id(0)]
    public required SessionAlert Alert { get; set; }

    /// <summary>When the therapist acknowledged it; null while unacknowledged.</summary>
    [Id(1)]
    public DateTimeOffset? AcknowledgedAt { get; set; }
}

/// <summary>What a <see cref="TherapistGrain"/> persists.</summary>
[GenerateSerializer, Alias("emotecare.TherapistState")]
public sealed class TherapistState
{
    /// <summary>Null until the profile is created.</summary>
    [Id(0)]
    public string? DisplayName { get; set; }

    /// <summary>When the profile was created.</summary>
    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Assigned patient ids, ordinally sorted.</summary>
    [Id(2)]
    public List<string> Caseload { get; set; } = [];

    /// <summary>Sessions live now, oldest first.</summary>
    [Id(3)]
    public List<LiveSession> LiveSessions { get; set; } = [];

    /// <summary>Ended sessions, oldest first.</summary>
    [Id(4)]
    public List<SessionEndedNote> RecentSessions { get; set; } = [];

    /// <summary>Alerts, oldest first.</summary>
    [Id(5)]
    public List<InboxEntry> Inbox { get; set; } = [];

    /// <summary>How the therapist practises, normalised by <see cref="PracticeRules.Normalize"/>; null until set.</summary>
    [Id(6)]
    public TherapistPractice? Practice { get; set; }
}

/// <summary>A therapist: profile, practice, caseload, live and recent sessions, alert inbox with live observers.</summary>
public sealed class TherapistGrain(
    [PersistentState("therapist")] IPersistentState<TherapistState> state,
    IOptions<TherapistOptions> options,
    TimeProvider time,
    ILogger<TherapistGrain> logger) : Grain, ITherapistGrain
{
    private readonly ObserverManager<ITherapistObserver> _observers = new(options.Value.SubscriptionExpiry, logger)
    {
        GetDateTime = () => time.GetUtcNow().UtcDateTime,
    };

    private string TherapistId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.Validate(TherapistId, "therapist");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<TherapistProfile> UpdateProfile(string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        if (state.State.DisplayName is null)
        {
            state.State.CreatedAt = time.GetUtcNow();
        }

        state.State.DisplayName = displayName;
        await WriteAsync();
        return Profile()!;
    }

    /// <inheritdoc />
    public Task<TherapistProfile?> GetProfile() => Task.FromResult(Profile());

    /// <inheritdoc />
    public async Task<TherapistPractice> SetPractice(TherapistPractice practice)
    {
        var normalized = PracticeRules.Normalize(practice);
        state.State.Practice = normalized;
        await WriteAsync();
        return normalized;
    }

    /// <inheritdoc />
    public Task<TherapistPractice?> GetPractice() => Task.FromResult(state.State.Practice);

    /// <inheritdoc />
    public async Task AssignPatient(string patientId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        var caseload = state.State.Caseload;
        var index = caseload.BinarySearch(patientId, StringComparer.Ordinal);
        if (index < 0)
        {
            caseload.Insert(~index, patientId);
            await WriteAsync();
        }
    }

    /// <inheritdoc />
    public async Task UnassignPatient(string patientId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        // The patient's alerts leave with them: a former therapist may not read them, and hidden entries would crowd the bounded inbox.
        var removedAlerts = state.State.Inbox.RemoveAll(e => e.Alert.PatientId == patientId);
        if (state.State.Caseload.Remove(patientId) || removedAlerts > 0)
        {
            await WriteAsync();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetCaseload() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Caseload]);

    /// <inheritdoc />
    public async Task SessionStarted(LiveSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var s = state.State;

        // A start note retried after the end note got through must not bring the session back to life.
        if (s.LiveSessions.Exists(l => l.SessionId == session.SessionId) || s.RecentSessions.Exists(r => r.SessionId == session.SessionId))
        {
            return;
        }

        s.LiveSessions.Add(session);
        await WriteAsync();
    }

    /// <inheritdoc />
    public async Task SessionEnded(SessionEndedNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var s = state.State;
        var changed = s.LiveSessions.RemoveAll(l => l.SessionId == note.SessionId) > 0;
        if (!s.RecentSessions.Exists(r => r.SessionId == note.SessionId))
        {
            s.RecentSessions.Add(note);
            var excess = s.RecentSessions.Count - options.Value.RecentSessionCapacity;
            if (excess > 0)
            {
                s.RecentSessions.RemoveRange(0, excess);
            }

            changed = true;
        }

        if (changed)
        {
            await WriteAsync();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LiveSession>> GetLiveSessions() => Task.FromResult<IReadOnlyList<LiveSession>>([.. state.State.LiveSessions]);

    /// <inheritdoc />
    public Task<IReadOnlyList<SessionEndedNote>> GetRecentSessions(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var recent = state.State.RecentSessions;
        var count = Math.Min(limit, recent.Count);
        var newestFirst = new SessionEndedNote[count];
        for (var i = 0; i < count; i++)
        {
            newestFirst[i] = recent[recent.Count - 1 - i];
        }

        return Task.FromResult<IReadOnlyList<SessionEndedNote>>(newestFirst);
    }

    /// <inheritdoc />
    public async Task<bool> AddAlert(SessionAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.TherapistId != TherapistId)
        {
            throw new ArgumentException($"Alert {alert.AlertId} is addressed to therapist {alert.TherapistId}, not {TherapistId}.", nameof(alert));
        }

        var inbox = state.State.Inbox;
        if (inbox.Exists(e => e.Alert.AlertId == alert.AlertId))
        {
            return false;
        }

        inbox.Add(new InboxEntry { Alert = alert });
        while (inbox.Count > options.Value.InboxCapacity)
        {
            var oldestAcknowledged = inbox.FindIndex(e => e.AcknowledgedAt is not null);
            inbox.RemoveAt(Math.Max(oldestAcknowledged, 0));
        }

        await WriteAsync();
        // After the write: an observer never hears of an alert the inbox could lose.
        _observers.Notify(o => o.OnInboxAlert(alert));
        return true;
    }

    /// <inheritdoc />
    public Task Subscribe(ITherapistObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Unsubscribe(ITherapistObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SessionAlert>> GetUnacknowledgedAlerts() =>
        Task.FromResult<IReadOnlyList<SessionAlert>>([.. state.State.Inbox.Where(e => e.AcknowledgedAt is null).Select(e => e.Alert)]);

    /// <inheritdoc />
    public async Task<bool> AcknowledgeAlert(string alertId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alertId);
        var entry = state.State.Inbox.Find(e => e.Alert.AlertId == alertId);
        if (entry is null || entry.AcknowledgedAt is not null)
        {
            return false;
        }

        entry.AcknowledgedAt = time.GetUtcNow();
        await WriteAsync();
        return true;
    }

    /// <summary>
    /// Writes the state. When the write fails the state in memory is ahead of storage; deactivating makes the next call
    /// reload what was stored, so a retried call does the change again instead of finding it done and skipping the write.
    /// </summary>
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private TherapistProfile? Profile()
    {
        var s = state.State;
        return s.DisplayName is null ? null : new TherapistProfile(TherapistId, s.DisplayName, s.CreatedAt);
    }
}
