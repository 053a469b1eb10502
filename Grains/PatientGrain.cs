using System.Globalization;
using EmoteCare.Grains.Conversation;
using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace EmoteCare.Grains;

/// <summary>Settings of <see cref="PatientGrain"/>.</summary>
public sealed class PatientOptions
{
    /// <summary>Session summaries kept per patient; the oldest go first. Bounds the state written on every new summary.</summary>
    public int MaxStoredSessions { get; set; } = 500;
}

/// <summary>What a <see cref="PatientGrain"/> persists.</summary>
[GenerateSerializer, Alias("emotecare.PatientState")]
public sealed class PatientState
{
    /// <summary>Null until the profile is created.</summary>
    [Id(0)]
    public string? Pseudonym { get; set; }

    /// <summary>When the profile was created.</summary>
    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The standing facial-analysis preference.</summary>
    [Id(2)]
    public bool DefaultFacialAnalysisConsent { get; set; }

    /// <summary>The assigned therapist.</summary>
    [Id(3)]
    public string? TherapistId { get; set; }

    /// <summary>Session summaries ordered by start.</summary>
    [Id(4)]
    public List<SessionSummary> Sessions { get; set; } = [];

    /// <summary>The ISO 3166 alpha-2 country code; null when unknown.</summary>
    [Id(5)]
    public string? Country { get; set; }
}

/// <summary>A patient: profile, consent preference, therapist assignment, session history and trends.</summary>
public sealed class PatientGrain(
    [PersistentState("patient")] IPersistentState<PatientState> state,
    IOptions<PatientOptions> options,
    TimeProvider time) : Grain, IPatientGrain
{
    private string PatientId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.Validate(PatientId, "patient");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<PatientProfile> UpdateProfile(string pseudonym)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pseudonym);
        if (state.State.Pseudonym is null)
        {
            state.State.CreatedAt = time.GetUtcNow();
        }

        state.State.Pseudonym = pseudonym;
        await WriteAsync();
        return Profile()!;
    }

    /// <inheritdoc />
    public Task<PatientProfile?> GetProfile() => Task.FromResult(Profile());

    /// <inheritdoc />
    public async Task<PatientProfile> SetDefaultFacialAnalysisConsent(bool granted)
    {
        RequireProfile();
        state.State.DefaultFacialAnalysisConsent = granted;
        await WriteAsync();
        return Profile()!;
    }

    /// <inheritdoc />
    public async Task<PatientProfile> SetCountry(string? country)
    {
        if (country is not null && !CountryCodes.IsAssigned(country))
        {
            throw new ArgumentException($"'{country}' is not an ISO 3166 alpha-2 country code (two upper-case letters, such as US or GB).", nameof(country));
        }

        RequireProfile();
        state.State.Country = country;
        await WriteAsync();
        return Profile()!;
    }

    /// <inheritdoc />
    public async Task<PatientProfile> AssignTherapist(string therapistId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(therapistId);
        RequireProfile();
        var previous = state.State.TherapistId;

        // Caseloads first and our own state last: a failure part-way leaves the old assignment in force, and repeating
        // the call completes it because both caseload operations are idempotent.
        await GrainFactory.GetGrain<ITherapistGrain>(therapistId).AssignPatient(PatientId);
        if (previous is not null && previous != therapistId)
        {
            await GrainFactory.GetGrain<ITherapistGrain>(previous).UnassignPatient(PatientId);
        }

        state.State.TherapistId = therapistId;
        await WriteAsync();
        return Profile()!;
    }

    /// <inheritdoc />
    public async Task<PatientProfile?> UnassignTherapist()
    {
        if (state.State.TherapistId is { } therapistId)
        {
            await GrainFactory.GetGrain<ITherapistGrain>(therapistId).UnassignPatient(PatientId);
            state.State.TherapistId = null;
            await WriteAsync();
        }

        return Profile();
    }

    /// <inheritdoc />
    public async Task<bool> AddSessionSummary(SessionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.PatientId != PatientId)
        {
            throw new ArgumentException($"Summary of session {summary.SessionId} belongs to patient {summary.PatientId}, not {PatientId}.", nameof(summary));
        }

        var sessions = state.State.Sessions;
        if (sessions.Exists(s => s.SessionId == summary.SessionId))
        {
            return false;
        }

        // Summaries arrive roughly in order, so the insertion point is found from the end.
        var index = sessions.Count;
        while (index > 0 && sessions[index - 1].StartedAt > summary.StartedAt)
        {
            index--;
        }

        sessions.Insert(index, summary);
        var excess = sessions.Count - options.Value.MaxStoredSessions;
        if (excess > 0)
        {
            sessions.RemoveRange(0, excess);
        }

        await WriteAsync();
        return true;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SessionSummary>> GetHistory(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var sessions = state.State.Sessions;
        var count = Math.Min(limit, sessions.Count);
        var newestFirst = new SessionSummary[count];
        for (var i = 0; i < count; i++)
        {
            newestFirst[i] = sessions[sessions.Count - 1 - i];
        }

        return Task.FromResult<IReadOnlyList<SessionSummary>>(newestFirst);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TrendPoint>> GetTrends(TrendPeriod period, DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            throw new ArgumentException($"The trend range must not be empty: {from:O} is not before {to:O}.", nameof(to));
        }

        var periods = new SortedDictionary<DateTimeOffset, TrendAccumulator>();
        foreach (var summary in state.State.Sessions)
        {
            if (summary.StartedAt < from || summary.StartedAt >= to)
            {
                continue;
            }

            var (start, label) = PeriodOf(summary.StartedAt, period);
            if (!periods.TryGetValue(start, out var accumulator))
            {
                periods.Add(start, accumulator = new TrendAccumulator(label));
            }

            accumulator.Add(summary.Aggregate);
        }

        return Task.FromResult<IReadOnlyList<TrendPoint>>([.. periods.Select(p => p.Value.ToPoint(period, p.Key))]);
    }

    private static (DateTimeOffset Start, string Label) PeriodOf(DateTimeOffset at, TrendPeriod period)
    {
        var day = at.UtcDateTime.Date;
        if (period == TrendPeriod.Day)
        {
            return (new DateTimeOffset(day, TimeSpan.Zero), day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        var year = ISOWeek.GetYear(day);
        var week = ISOWeek.GetWeekOfYear(day);
        var monday = ISOWeek.ToDateTime(year, week, DayOfWeek.Monday);
        return (new DateTimeOffset(monday, TimeSpan.Zero), string.Create(CultureInfo.InvariantCulture, $"{year}-W{week:00}"));
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

    private PatientProfile? Profile()
    {
        var s = state.State;
        return s.Pseudonym is null ? null : new PatientProfile(PatientId, s.Pseudonym, s.CreatedAt, s.DefaultFacialAnalysisConsent, s.TherapistId, s.Country);
    }

    private void RequireProfile()
    {
        if (state.State.Pseudonym is null)
        {
            throw new InvalidOperationException($"Patient {PatientId} has no profile; call UpdateProfile first.");
        }
    }

    /// <summary>
    /// Sums sessions of one period. Means are weighted by face frames, so a long session counts for more than a short
    /// one and a session without a face counts only towards the session count and the face share.
    /// </summary>
    private sealed class TrendAccumulator(string label)
    {
        private readonly double[] _distribution = new double[Emotions.Count];
        private int _sessions;
        private long _frames;
        private long _faceFrames;
        private double _valence;
        private double _arousal;

        public void Add(EmotionAggregate aggregate)
        {
            _sessions++;
            _frames += aggregate.Frames;
            _faceFrames += aggregate.FaceFrames;
            _valence += (double)aggregate.Valence * aggregate.FaceFrames;
            _arousal += (double)aggregate.Arousal * aggregate.FaceFrames;
            for (var i = 0; i < Emotions.Count; i++)
            {
                _distribution[i] += (double)aggregate.MeanDistribution[i] * aggregate.FaceFrames;
            }
        }

        public TrendPoint ToPoint(TrendPeriod period, DateTimeOffset start)
        {
            var weight = _faceFrames == 0 ? 0.0 : 1.0 / _faceFrames;
            var distribution = new float[Emotions.Count];
            for (var i = 0; i < Emotions.Count; i++)
            {
                distribution[i] = (float)(_distribution[i] * weight);
            }

            return new TrendPoint(
                period,
                label,
                start,
                _sessions,
                _faceFrames,
                distribution,
                (float)(_valence * weight),
                (float)(_arousal * weight),
                _frames == 0 ? 0f : (float)_faceFrames / _frames);
        }
    }
}
