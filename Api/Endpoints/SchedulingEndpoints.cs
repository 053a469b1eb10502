using EmoteCare.Api.Accounts;
using EmoteCare.Api.Scheduling;
using EmoteCare.Api.Security;
using EmoteCare.Api.Sessions;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Practice;
using EmoteCare.Grains.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using Orleans;

namespace EmoteCare.Api.Endpoints;

/// <summary>
/// Scheduling: free slots of the patient's therapist in the viewer's time zone, booking (by the patient or their
/// therapist), cancelling and moving through the therapist's calendar grain, in-app notifications, and the personal
/// calendar feed. Every booking creates the same session, through <see cref="SessionBookings"/>, that the rest of the app
/// knows.
/// </summary>
internal static class SchedulingEndpoints
{
    /// <summary>The path of an account's feed; the only anonymous endpoint with data, authenticated by its secret.</summary>
    public const string FeedPath = "/calendar-feeds/{accountId}/{secret}.ics";

    public static void MapSchedulingEndpoints(this RouteGroupBuilder api)
    {
        var scheduling = api.MapGroup("").WithTags("Scheduling");
        scheduling.MapGet("/patients/{patientId}/slots", FreeSlots).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("Free slots of the patient's therapist in a date range, in the viewer's time zone: for the patient and their therapist.");
        scheduling.MapPost("/patients/{patientId}/bookings", Book).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("Books a free slot with the patient's therapist: by the patient, or by the therapist for them. 409 when someone else took it first.");
        scheduling.MapPost("/sessions/{sessionId}/reschedule", Reschedule).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("Moves a scheduled session to another free slot, outside the notice period: its patient or the therapist who runs it.");
        scheduling.MapPost("/sessions/{sessionId}/cancel", Cancel).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("Cancels a scheduled session outside the notice period: its patient or the therapist who runs it.");
        scheduling.MapGet("/me/notifications", Notifications).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("The caller's notifications (reminders, bookings, moves, cancellations), newest first, with the unread count.");
        scheduling.MapPost("/me/notifications/read", MarkRead).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("Marks every notification read.");
        scheduling.MapGet("/me/calendar-feed", GetFeed).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("Whether the caller has a calendar feed, and since when (its secret URL is shown only when made).");
        scheduling.MapPost("/me/calendar-feed", CreateFeed).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("Makes the caller's secret calendar feed URL, replacing any earlier one; shown this once.");
        scheduling.MapDelete("/me/calendar-feed", RevokeFeed).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("Revokes the caller's calendar feed: its URL stops working.");
        scheduling.MapGet(FeedPath, Feed).AllowAnonymous()
            .WithSummary("The account's sessions as iCalendar (.ics) for calendar apps; the secret in the path is the only credential.");
    }

    private static async Task<Results<Ok<FreeSlotsResponse>, ProblemHttpResult>> FreeSlots(string patientId, [AsParameters] SlotsQuery query, [AsParameters] SchedulingServices services)
    {
        if (await services.Access.BookingCalendarAsync(services.User, patientId, services.CancellationToken) is not { } therapistId)
        {
            return Problems.NotYourPatient;
        }

        // The request's zone, else the one the patient gave in their intake, else UTC.
        var zoneId = query.TimeZone ?? (await services.Grains.GetGrain<IIntakeGrain>(patientId).Get())?.Intake.TimeZone;
        var zone = PracticeRules.Zone(zoneId is not null && PracticeRules.IsTimeZone(zoneId) ? zoneId : "UTC");
        var slots = await services.Calendar(therapistId).GetFreeSlots(query.From!.Value, query.To!.Value);
        return TypedResults.Ok(new FreeSlotsResponse(
            therapistId,
            zone.Id,
            [.. slots.Select(s => new SlotResponse(OnClock(s.Start, zone), OnClock(s.End, zone)))]));
    }

    private static async Task<Results<Created<SessionResponse>, ProblemHttpResult>> Book(string patientId, BookingRequest request, [AsParameters] SchedulingServices services)
    {
        if (await services.Access.BookingCalendarAsync(services.User, patientId, services.CancellationToken) is not { } therapistId)
        {
            return Problems.NotYourPatient;
        }

        var (session, problem) = await services.Bookings.BookAsync(therapistId, patientId, request.Start!.Value, services.CancellationToken);
        return session is null
            ? Refusal(problem)
            : TypedResults.Created($"{ApiRoutes.Prefix}/sessions/{session.Id}", await SessionResponse.ReadAsync(session, services.Grains));
    }

    private static Task<Results<Ok<SessionResponse>, ProblemHttpResult>> Reschedule(string sessionId, RescheduleRequest request, [AsParameters] SchedulingServices services) =>
        ChangeAsync(sessionId, services, session => services.Bookings.MoveAsync(session, request.Start!.Value, services.CancellationToken));

    private static Task<Results<Ok<SessionResponse>, ProblemHttpResult>> Cancel(string sessionId, [AsParameters] SchedulingServices services) =>
        ChangeAsync(sessionId, services, session => services.Bookings.CancelAsync(session, services.CancellationToken));

    /// <summary>A change to a booking: by its patient or the therapist who runs it, while the session has not started.</summary>
    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> ChangeAsync(
        string sessionId, SchedulingServices services, Func<SessionRecord, Task<(SessionRecord? Session, BookingProblem Problem)>> change)
    {
        var access = await services.Access.ForSessionAsync(services.User, sessionId, services.CancellationToken);
        if (!access.CanChangeBooking)
        {
            return Problems.NotYourSession;
        }

        if (!await IsScheduledAsync(services, sessionId))
        {
            return NotScheduled;
        }

        var (changed, problem) = await change(access.Session!);
        return changed is null ? Refusal(problem) : TypedResults.Ok(await SessionResponse.ReadAsync(changed, services.Grains));
    }

    private static async Task<Ok<NotificationsResponse>> Notifications([AsParameters] SchedulingServices services)
    {
        var items = await services.Grains.GetGrain<INotificationGrain>(services.User.Id).List();
        return TypedResults.Ok(new NotificationsResponse(items.Count(n => !n.Read), items));
    }

    private static async Task<NoContent> MarkRead([AsParameters] SchedulingServices services)
    {
        await services.Grains.GetGrain<INotificationGrain>(services.User.Id).MarkAllRead();
        return TypedResults.NoContent();
    }

    private static async Task<Ok<CalendarFeedResponse>> GetFeed([AsParameters] SchedulingServices services, CalendarFeeds feeds) =>
        TypedResults.Ok(new CalendarFeedResponse(await feeds.FindAsync(services.User.Id, services.CancellationToken) is { } created, null));

    private static async Task<Ok<CalendarFeedResponse>> CreateFeed([AsParameters] SchedulingServices services, CalendarFeeds feeds, HttpRequest http)
    {
        var secret = await feeds.CreateAsync(services.User.Id, services.CancellationToken);
        return TypedResults.Ok(new CalendarFeedResponse(true, $"{http.Scheme}://{http.Host}{ApiRoutes.Prefix}/calendar-feeds/{services.User.Id}/{secret}.ics"));
    }

    private static async Task<NoContent> RevokeFeed([AsParameters] SchedulingServices services, CalendarFeeds feeds)
    {
        await feeds.RevokeAsync(services.User.Id, services.CancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Feed(string accountId, string secret, CalendarFeeds feeds, TimeProvider time, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!await feeds.VerifyAsync(accountId, secret, cancellationToken))
        {
            // The same answer for an unknown account, a revoked feed and a wrong secret.
            return Problems.NotFound("No calendar feed at this address; it may have been revoked.");
        }

        response.Headers.CacheControl = "private, no-store";
        return TypedResults.Text(await feeds.RenderAsync(accountId, time.GetUtcNow(), cancellationToken), "text/calendar; charset=utf-8");
    }

    /// <summary>The instant as a wall clock in <paramref name="zone"/> shows it, with that zone's offset at that instant.</summary>
    private static DateTimeOffset OnClock(DateTimeOffset instant, DateTimeZone zone) => Instant.FromDateTimeOffset(instant).InZone(zone).ToDateTimeOffset();

    // A session that went live (a therapist may start early) or ended is past changing; asked before the calendar changes.
    private static async Task<bool> IsScheduledAsync(SchedulingServices services, string sessionId) =>
        (await services.Grains.GetGrain<ITherapySessionGrain>(sessionId).GetSnapshot()).Status == SessionStatus.Scheduled;

    private static ProblemHttpResult NotScheduled => Problems.Conflict("Only a session that has not started, ended or been cancelled can be moved or cancelled.");

    /// <summary>A refusal as problem details: a taken slot or a change too late is a conflict, anything else bad input.</summary>
    private static ProblemHttpResult Refusal(BookingProblem problem)
    {
        var (status, field, detail) = Explain(problem);
        return status == StatusCodes.Status409Conflict ? Problems.Conflict(detail) : Problems.Invalid(field, detail);
    }

    internal static (int Status, string Field, string Detail) Explain(BookingProblem problem) => problem switch
    {
        BookingProblem.InPast => (400, "start", "That time has passed; choose a free slot in the future."),
        BookingProblem.TooFarAhead => (400, "start", $"Sessions can be booked at most {SchedulingLimits.MaxAhead.TotalDays} days ahead."),
        BookingProblem.OnLeave => (400, "start", "The therapist is on leave that day."),
        BookingProblem.OutsideWorkingHours => (400, "start", "That is not the start of a slot in the therapist's working hours; choose one of the free slots."),
        BookingProblem.Overlaps => (409, "start", "That slot is already booked; choose another free slot."),
        BookingProblem.WithinNoticePeriod => (409, "start", "The session starts too soon to be changed; the notice period has begun."),
        BookingProblem.NotFound => (409, "sessionId", "The session is not in its therapist's calendar; it may have been cancelled or booked outside it."),
        BookingProblem.NoPractice => (409, "start", "The therapist has not set up working hours yet."),
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "Not a refusal."),
    };
}

/// <summary>What the scheduling endpoints use.</summary>
internal sealed record SchedulingServices(AppUser User, AccessPolicy Access, SessionBookings Bookings, IGrainFactory Grains, CancellationToken CancellationToken)
{
    public ITherapistCalendarGrain Calendar(string therapistId) => Grains.GetGrain<ITherapistCalendarGrain>(therapistId);
}

/// <summary>Free slots starting in [<c>from</c>, <c>to</c>) (at most <see cref="SchedulingLimits.MaxRange"/>), shown in <c>timeZone</c> (an IANA id; default: the patient's intake's, else UTC).</summary>
public sealed record SlotsQuery(DateTimeOffset? From, DateTimeOffset? To, string? TimeZone) : IValidatable, IHasTimes
{
    public object ToUtc() => this with { From = From?.ToUniversalTime(), To = To?.ToUniversalTime() };

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require(From is not null && To is not null, "to", "Give from and to.");
        errors.DateRange("to", From, To);
        errors.TimeZone("timeZone", TimeZone);
    }
}

/// <summary>A slot to book: its start as the free-slot list gave it.</summary>
public sealed record BookingRequest(DateTimeOffset? Start) : IValidatable, IHasTimes
{
    public object ToUtc() => this with { Start = Start?.ToUniversalTime() };

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require(Start is not null, "start", "The start of a free slot is required.");
    }
}

/// <summary>Where to move a session: the start of another free slot.</summary>
public sealed record RescheduleRequest(DateTimeOffset? Start) : IValidatable, IHasTimes
{
    public object ToUtc() => this with { Start = Start?.ToUniversalTime() };

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require(Start is not null, "start", "The start of a free slot is required.");
    }
}

/// <summary>A free slot on the viewer's clock.</summary>
public sealed record SlotResponse(DateTimeOffset Start, DateTimeOffset End);

/// <summary>The free slots of the patient's therapist, in <paramref name="TimeZone"/>.</summary>
public sealed record FreeSlotsResponse(string TherapistId, string TimeZone, IReadOnlyList<SlotResponse> Items);

/// <summary>The caller's notifications, newest first, and how many are unread.</summary>
public sealed record NotificationsResponse(int Unread, IReadOnlyList<Notification> Items);

/// <summary>Whether the caller has a calendar feed; <paramref name="Url"/> only in the answer that made it.</summary>
public sealed record CalendarFeedResponse(bool Active, string? Url)
{
    /// <summary>Leaves the secret URL out, should the record ever reach a log line.</summary>
    public override string ToString() => $"{nameof(CalendarFeedResponse)} {Active}";
}
