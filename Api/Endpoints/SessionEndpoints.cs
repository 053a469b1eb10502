using EmoteCare.Api.Accounts;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Hubs;
using EmoteCare.Api.Security;
using EmoteCare.Api.Sessions;
using EmoteCare.Grains.Inference;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans;

namespace EmoteCare.Api.Endpoints;

/// <summary>Sessions: lists, lifecycle, live snapshot, summary and the patient's consent (booking is in <see cref="SchedulingEndpoints"/>). The grain holds the state; the index says whose it is.</summary>
internal static class SessionEndpoints
{
    public static void MapSessionEndpoints(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("").WithTags("Sessions");
        sessions.MapGet("/sessions", List).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("Sessions booked in a time range (default: today, UTC) that the caller takes part in.");
        sessions.MapGet("/sessions/{sessionId}", Get).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("A session's booking and status: for its patient and the patient's therapist.");
        sessions.MapPost("/sessions/{sessionId}/start", Start).RequireAuthorization(AuthorizationPolicies.Therapist)
            .WithSummary("Takes a scheduled session live: the therapist who booked it.");
        sessions.MapPost("/sessions/{sessionId}/end", End).RequireAuthorization(AuthorizationPolicies.Therapist)
            .WithSummary("Ends a live session: the therapist who booked it.");
        sessions.MapGet("/sessions/{sessionId}/snapshot", GetSnapshot).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("The live snapshot: aggregates, latest reading, timeline, notable moments (audited unless the patient reads it).");
        sessions.MapGet("/sessions/{sessionId}/summary", GetSummary).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("The final summary of an ended session (audited unless the patient reads it).");
        sessions.MapGet("/sessions/{sessionId}/consent", GetConsent).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("Whether facial analysis is allowed in this session, with what it means in plain words.");
        sessions.MapPut("/sessions/{sessionId}/consent", SetConsent).RequireAuthorization(AuthorizationPolicies.Patient)
            .WithSummary("The patient grants or withdraws facial analysis for their session (audited). Withdrawal stops analysis before the next frame.");
    }

    private static async Task<Ok<IReadOnlyList<SessionListItemResponse>>> List(
        [AsParameters] SessionsQuery query, AppUser user, SessionIndex sessions, TimeProvider time, CancellationToken cancellationToken)
    {
        var (from, to) = query.Resolve(time.GetUtcNow());
        var items = await sessions.ListVisibleAsync(user, from, to, query.PatientId, query.Take, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SessionListItemResponse>>([.. items.Select(SessionListItemResponse.From)]);
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> Get(string sessionId, AppUser user, AccessPolicy access, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var decision = await access.ForSessionAsync(user, sessionId, cancellationToken);
        return decision.CanRead ? TypedResults.Ok(await SessionResponse.ReadAsync(decision.Session!, grains)) : Problems.NotYourSession;
    }

    private static Task<Results<Ok<SessionResponse>, ProblemHttpResult>> Start(string sessionId, AppUser user, AccessPolicy access, IGrainFactory grains, CancellationToken cancellationToken) =>
        RunAsync(sessionId, user, access, grains, session => session.Start(), "Only a scheduled session can start.", cancellationToken);

    // The summary End returns is an insight; it is read (and audited) through GET .../summary.
    private static Task<Results<Ok<SessionResponse>, ProblemHttpResult>> End(string sessionId, AppUser user, AccessPolicy access, IGrainFactory grains, CancellationToken cancellationToken) =>
        RunAsync(sessionId, user, access, grains, session => session.End(), "Only a live session can end.", cancellationToken);

    /// <summary>A lifecycle step by the therapist who runs the session; an illegal transition is a 409.</summary>
    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> RunAsync(
        string sessionId, AppUser user, AccessPolicy access, IGrainFactory grains, Func<ITherapySessionGrain, Task> step, string conflict, CancellationToken cancellationToken)
    {
        var decision = await access.ForSessionAsync(user, sessionId, cancellationToken);
        if (!decision.CanRun)
        {
            return Problems.NotYourSession;
        }

        try
        {
            await step(grains.GetGrain<ITherapySessionGrain>(sessionId));
        }
        catch (InvalidOperationException)
        {
            return Problems.Conflict(conflict);
        }

        return TypedResults.Ok(await SessionResponse.ReadAsync(decision.Session!, grains));
    }

    private static async Task<Results<Ok<SessionSnapshot>, ProblemHttpResult>> GetSnapshot(
        string sessionId, AppUser user, AccessPolicy access, AuditLog audit, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var decision = await access.ForSessionAsync(user, sessionId, cancellationToken);
        if (!decision.CanRead)
        {
            return Problems.NotYourSession;
        }

        await audit.RecordReadAsync(user, AuditActions.SessionSnapshotRead, decision.Session!.PatientId, sessionId, null, cancellationToken);
        return TypedResults.Ok(await grains.GetGrain<ITherapySessionGrain>(sessionId).GetSnapshot());
    }

    private static async Task<Results<Ok<SessionSummary>, ProblemHttpResult>> GetSummary(
        string sessionId, AppUser user, AccessPolicy access, AuditLog audit, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var decision = await access.ForSessionAsync(user, sessionId, cancellationToken);
        if (!decision.CanRead)
        {
            return Problems.NotYourSession;
        }

        if (await grains.GetGrain<ITherapySessionGrain>(sessionId).GetSummary() is not { } summary)
        {
            return Problems.NotFound("The session has not ended; its summary does not exist yet.");
        }

        await audit.RecordReadAsync(user, AuditActions.SessionSummaryRead, decision.Session!.PatientId, sessionId, null, cancellationToken);
        return TypedResults.Ok(summary);
    }

    private static async Task<Results<Ok<ConsentResponse>, ProblemHttpResult>> GetConsent(
        string sessionId, AppUser user, AccessPolicy access, IGrainFactory grains, IOptions<LiveOptions> live, CancellationToken cancellationToken)
    {
        var decision = await access.ForSessionAsync(user, sessionId, cancellationToken);
        if (!decision.CanRead)
        {
            return Problems.NotYourSession;
        }

        var snapshot = await grains.GetGrain<ITherapySessionGrain>(sessionId).GetSnapshot();
        return TypedResults.Ok(ConsentResponse.From(sessionId, snapshot.Consent, live.Value));
    }

    private static async Task<Results<Ok<ConsentResponse>, ProblemHttpResult>> SetConsent(
        string sessionId, ConsentRequest request, AppUser user, AccessPolicy access, AuditLog audit, IGrainFactory grains, FrameDispatcher dispatcher, IOptions<LiveOptions> live, TimeProvider time, CancellationToken cancellationToken)
    {
        var decision = await access.ForSessionAsync(user, sessionId, cancellationToken);
        if (!decision.CanChangeConsent)
        {
            return Problems.NotYourSession;
        }

        var granted = request.FacialAnalysis!.Value;

        // Recorded before the change, so no change goes unrecorded when the audit trail cannot be written.
        await audit.RecordAsync(user, AuditActions.ConsentChanged, decision.Session!.PatientId, sessionId, granted ? "granted" : "withdrawn", cancellationToken);
        var consent = await grains.GetGrain<ITherapySessionGrain>(sessionId).SetConsent(new ConsentSnapshot(granted, time.GetUtcNow()));
        if (!consent.FacialAnalysisGranted)
        {
            // A frame already waiting for a worker must not be analysed after the withdrawal.
            dispatcher.Discard(sessionId);
        }

        return TypedResults.Ok(ConsentResponse.From(sessionId, consent, live.Value));
    }
}

/// <summary>Sessions booked in [<c>from</c>, <c>to</c>) (default: today, UTC; at most <see cref="Grains.Scheduling.SchedulingLimits.MaxRange"/>), optionally of one patient, at most <c>limit</c> (1–200, default 100).</summary>
public sealed record SessionsQuery(DateTimeOffset? From, DateTimeOffset? To, string? PatientId, int? Limit) : IValidatable, IHasTimes
{
    public object ToUtc() => this with { From = From?.ToUniversalTime(), To = To?.ToUniversalTime() };

    public int Take => Limit ?? 100;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.OptionalId("patientId", PatientId);
        errors.Limit("limit", Limit, 200);
        errors.Require(From is null == To is null, "to", "Give both from and to, or neither.");
        errors.DateRange("to", From, To);
    }

    public (DateTimeOffset From, DateTimeOffset To) Resolve(DateTimeOffset now)
    {
        if (From is { } from && To is { } to)
        {
            return (from, to);
        }

        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return (today, today.AddDays(1));
    }
}

/// <summary>A session in a list.</summary>
public sealed record SessionListItemResponse(string Id, string PatientId, string PatientPseudonym, string TherapistId, DateTimeOffset ScheduledFor)
{
    public static SessionListItemResponse From(SessionListItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var session = item.Session;
        return new(session.Id, session.PatientId, item.PatientPseudonym, session.TherapistId, session.ScheduledFor);
    }
}

/// <summary>A session's booking and where it is in its lifecycle; no insights.</summary>
/// <param name="Id">The session.</param>
/// <param name="PatientId">Its patient.</param>
/// <param name="TherapistId">The therapist who booked it.</param>
/// <param name="ScheduledFor">The booked start.</param>
/// <param name="Status">Scheduled, live or ended.</param>
/// <param name="StartedAt">When it went live.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="FacialAnalysisConsent">Whether the patient allows facial analysis in it now.</param>
/// <param name="AnalysisActive">Whether frames are being analysed now (live and consented).</param>
public sealed record SessionResponse(
    string Id,
    string PatientId,
    string TherapistId,
    DateTimeOffset ScheduledFor,
    SessionStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    bool FacialAnalysisConsent,
    bool AnalysisActive)
{
    public static async Task<SessionResponse> ReadAsync(SessionRecord session, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(grains);
        var snapshot = await grains.GetGrain<ITherapySessionGrain>(session.Id).GetSnapshot();
        var consent = snapshot.Consent?.FacialAnalysisGranted == true;
        return new(
            session.Id,
            session.PatientId,
            session.TherapistId,
            snapshot.ScheduledFor ?? session.ScheduledFor,
            snapshot.Status,
            snapshot.StartedAt,
            snapshot.EndedAt,
            consent,
            consent && snapshot.Status == SessionStatus.Live);
    }
}

/// <summary>The patient's decision on facial analysis for one session.</summary>
public sealed record ConsentRequest(bool? FacialAnalysis) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require(FacialAnalysis is not null, "facialAnalysis", "true to allow facial analysis in this session, false to withdraw it.");
    }
}

/// <summary>The consent in force for a session, with what it means in plain words.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="FacialAnalysis">True while facial analysis is allowed.</param>
/// <param name="ChangedAt">When the patient last decided; null when they have not (analysis off).</param>
/// <param name="WhatIsAnalysed">What the analysis looks at and what it produces.</param>
/// <param name="WhatIsStored">That frames are never stored; what is kept instead.</param>
/// <param name="YourChoice">That consent is per session and can be withdrawn at once.</param>
/// <param name="CaptureFramesPerSecond">How many camera pictures per second the patient's browser sends while analysis is on.</param>
public sealed record ConsentResponse(string SessionId, bool FacialAnalysis, DateTimeOffset? ChangedAt, string WhatIsAnalysed, string WhatIsStored, string YourChoice, int CaptureFramesPerSecond)
{
    public static ConsentResponse From(string sessionId, ConsentSnapshot? consent, LiveOptions live)
    {
        ArgumentNullException.ThrowIfNull(live);
        return new(
            sessionId,
            consent?.FacialAnalysisGranted == true,
            consent?.ChangedAt,
            "If you allow it, pictures from your camera are checked during this session for your facial expression: how much it "
                + "looks angry, disgusted, fearful, happy, sad, surprised or neutral. Your therapist sees these estimates while you talk. "
                + "An expression is not a feeling, the estimates are wrong about one time in three, and they are never a diagnosis.",
            "Camera pictures are analysed in memory and then discarded: they are never saved, recorded or written to logs. "
                + "Only the estimates are kept, as running totals and a timeline in your session summary.",
            "You decide for each session. You can withdraw at any time: analysis stops before the next picture, your therapist sees "
                + "that it is off, and the session goes on as normal.",
            live.CaptureFramesPerSecond);
    }
}
