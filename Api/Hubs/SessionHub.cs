using EmoteCare.Api.Accounts;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Calls;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Calls;
using EmoteCare.Grains.Inference;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Pipeline;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans;

namespace EmoteCare.Api.Hubs;

/// <summary>
/// The live session hub. A patient joins their own session and streams webcam frames; the patient's therapist watches
/// the session's insights; the two of them signal each other's WebRTC call through it. Every method checks ownership through <see cref="AccessPolicy"/>; failures reach the caller
/// only, as <see cref="HubException"/> messages that name no one else's data. Access taken away later (an unassignment,
/// a password change, a disabled account, a sign-out) ends the feed or the connection through <see cref="InsightRelay"/>.
/// </summary>
[Authorize]
public sealed class SessionHub(
    AccessPolicy access,
    AccountService accounts,
    AuditLog audit,
    IGrainFactory grains,
    FrameDispatcher dispatcher,
    FrameIngestLimiter limiter,
    IceServerIssuer ice,
    InsightRelay relay,
    LiveConnections connections,
    LiveMetrics metrics,
    IOptions<LiveOptions> options,
    TimeProvider time) : Hub
{
    /// <summary>Admits the connection as every hub does (<see cref="HubAdmission"/>).</summary>
    public override Task OnConnectedAsync() =>
        HubAdmission.AdmitAsync(Context, Caller(), connections, relay, accounts, () => OnDisconnectedAsync(null));

    /// <summary>
    /// Joins the caller's own session to stream frames into it, opening a new stream: its frames are ordered among
    /// themselves, from any sequence number, and supersede those of an earlier page or connection.
    /// </summary>
    public async Task<PatientJoin> JoinAsPatient(string sessionId)
    {
        var user = Caller();
        if (!await access.CanStreamFramesAsync(user, sessionId, Context.ConnectionAborted))
        {
            throw Refused();
        }

        var session = grains.GetGrain<ITherapySessionGrain>(sessionId);
        var epoch = await session.OpenStream();
        var joined = Joined;
        if (joined.Streaming.TryAdd(sessionId, epoch))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, SessionGroups.Streamers(sessionId), Context.ConnectionAborted);
            await relay.AddInterestAsync(sessionId);
        }
        else
        {
            joined.Streaming[sessionId] = epoch;
        }

        var snapshot = await session.GetSnapshot();
        return new PatientJoin(sessionId, snapshot.Status, await session.IsAnalysisActive(), time.GetUtcNow().ToUnixTimeMilliseconds(), (long)options.Value.MaxCaptureClockSkew.TotalMilliseconds);
    }

    /// <summary>
    /// Sends one JPEG (or PNG) frame of a session the caller joined with <see cref="JoinAsPatient"/>. The answer is what
    /// becomes of it (<see cref="FrameOutcomes"/>): frames over the size or rate limit, that are no image, whose capture
    /// time lies outside <see cref="LiveOptions.MaxCaptureClockSkew"/> of the server's clock, or sent while analysis is
    /// off are dropped and counted; nothing is queued beyond the latest frame. A frame over twice
    /// <see cref="FrameDispatcherOptions.MaxFrameBytes"/> exceeds the hub's receive limit and never reaches this method:
    /// SignalR closes that connection, and the client reconnects.
    /// </summary>
    public async Task<string> SendFrame(string sessionId, byte[] jpeg, long sequence, long capturedAtUnixMs)
    {
        if (sessionId is null || !Joined.Streaming.TryGetValue(sessionId, out var epoch))
        {
            throw new HubException("Join the session with JoinAsPatient before sending frames.");
        }

        if (jpeg is null || !dispatcher.FitsSizeLimit(jpeg.Length))
        {
            return metrics.Dropped(FrameOutcomes.RefusedSize);
        }

        if (FramePipeline.CheckImage(jpeg, out _) != FrameRejection.None)
        {
            return metrics.Dropped(FrameOutcomes.RefusedNotImage);
        }

        if (!WithinClockBound(capturedAtUnixMs))
        {
            return metrics.Dropped(FrameOutcomes.RefusedClock);
        }

        if (!limiter.TryAcquire(sessionId))
        {
            return metrics.Dropped(FrameOutcomes.RefusedRate);
        }

        if (!await grains.GetGrain<ITherapySessionGrain>(sessionId).IsAnalysisActive())
        {
            return metrics.Dropped(FrameOutcomes.AnalysisOff);
        }

        return dispatcher.Submit(sessionId, jpeg, epoch, sequence, capturedAtUnixMs) switch
        {
            FrameAdmission.Queued => metrics.Accepted(FrameOutcomes.Queued),
            FrameAdmission.ReplacedOlder => metrics.Accepted(FrameOutcomes.Replaced),
            FrameAdmission.RefusedSize => metrics.Dropped(FrameOutcomes.RefusedSize),
            _ => metrics.Dropped(FrameOutcomes.RefusedOverload),
        };
    }

    /// <summary>Watches a session's live insights and alerts. Returns the current snapshot, so a late or reconnecting watcher starts complete.</summary>
    public async Task<SessionSnapshot> Watch(string sessionId)
    {
        var user = Caller();
        var joined = Joined;
        var revocationsBefore = joined.Revocations;
        var sessionAccess = await access.ForSessionAsync(user, sessionId, Context.ConnectionAborted);
        if (!sessionAccess.CanRead)
        {
            throw Refused();
        }

        var session = sessionAccess.Session!;
        if (user.Id != session.PatientId)
        {
            await audit.RecordReadAsync(user, AuditActions.SessionLiveWatched, session.PatientId, sessionId, detail: null, Context.ConnectionAborted);
        }

        if (joined.Watching.TryAdd(sessionId, session.PatientId))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, SessionGroups.Watchers(sessionId), Context.ConnectionAborted);
            await relay.AddInterestAsync(sessionId);

            // A revocation that came while this watch was being added may have missed it: ask again.
            if (joined.Revocations != revocationsBefore && !(await access.ForSessionAsync(user, sessionId, Context.ConnectionAborted)).CanRead)
            {
                await Unwatch(sessionId);
                throw Refused();
            }
        }

        return await grains.GetGrain<ITherapySessionGrain>(sessionId).GetSnapshot();
    }

    /// <summary>Stops watching a session.</summary>
    public async Task Unwatch(string sessionId)
    {
        if (sessionId is not null && Joined.Watching.TryRemove(sessionId, out _))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, SessionGroups.Watchers(sessionId));
            relay.RemoveInterest(sessionId);
        }
    }

    /// <summary>
    /// Joins the call of a live session: its patient, or the therapist who runs it, and no one else. This connection
    /// takes its side's one seat in the call (<see cref="ITherapySessionGrain.TakeCallSeat"/>): a page of the same person
    /// that held it (another tab or device) is told <see cref="CallMessageKind.Replaced"/> and can no longer signal; the
    /// other side is told <see cref="CallMessageKind.Joined"/>, with <paramref name="activeCallId"/>, the call this page
    /// still has running after a reconnect, which the other side then keeps. Returns the ICE servers, with TURN
    /// credentials of the caller's own; the shared TURN secret never leaves the server.
    /// </summary>
    public async Task<CallJoin> JoinCall(string sessionId, string? activeCallId)
    {
        var user = Caller();
        var joined = Joined;
        var revocationsBefore = joined.Revocations;
        var sessionAccess = await access.ForSessionAsync(user, sessionId, Context.ConnectionAborted);
        if (!sessionAccess.CanCall)
        {
            throw Refused();
        }

        if (activeCallId is { Length: > CallLimits.MaxIdChars })
        {
            throw new HubException($"A call id has at most {CallLimits.MaxIdChars} characters.");
        }

        var session = sessionAccess.Session!;
        var role = user.Id == session.PatientId ? CallRole.Patient : CallRole.Therapist;
        if (joined.Calling.TryAdd(sessionId, new CallSeat(role, session.PatientId)))
        {
            await relay.AddInterestAsync(sessionId);
            if (joined.Revocations != revocationsBefore && !(await access.ForSessionAsync(user, sessionId, Context.ConnectionAborted)).CanCall)
            {
                await LeaveCall(sessionId);
                throw Refused();
            }
        }

        if (await grains.GetGrain<ITherapySessionGrain>(sessionId).TakeCallSeat(role, Context.ConnectionId, activeCallId) == CallSeatOutcome.NotLive)
        {
            Forget(joined, sessionId);
            throw NotLive();
        }

        return ice.For(sessionId, role, user.Id);
    }

    /// <summary>
    /// Passes an offer, answer, ICE candidate or ICE restart request to the other participant of a call the caller joined
    /// with <see cref="JoinCall"/>. Signals for any other session, over-size SDP (<see cref="CallLimits"/>), signals from a
    /// page whose seat another page of the same person took, and signals after the session ended are refused with the reason.
    /// </summary>
    public async Task SendSignal(string sessionId, CallSignal signal)
    {
        if (sessionId is null || !Joined.Calling.TryGetValue(sessionId, out var seat))
        {
            throw new HubException("Join this session's call with JoinCall before signalling: only the session's two participants signal each other.");
        }

        if (CallLimits.Problem(signal) is { } problem)
        {
            throw new HubException(problem);
        }

        var message = new CallMessage(sessionId, CallSeats.Other(seat.Role), signal.Kind, signal.CallId, signal.Sdp, signal.Candidate, signal.SdpMid, signal.SdpMLineIndex);
        Check(await grains.GetGrain<ITherapySessionGrain>(sessionId).RelayCall(Context.ConnectionId, message));
    }

    /// <summary>
    /// New TURN credentials for the call the caller takes part in, before the ones it has expire (the TURN server refuses
    /// expired ones for new allocations, so the call could not recover from a network change): for the page that holds
    /// its side's seat only. The page restarts ICE with them.
    /// </summary>
    public async Task<CallJoin> RenewCallCredentials(string sessionId)
    {
        if (sessionId is null || !Joined.Calling.TryGetValue(sessionId, out var seat))
        {
            throw new HubException("Join this session's call with JoinCall before renewing its credentials: only the session's two participants have them.");
        }

        var user = Caller();
        if (!(await access.ForSessionAsync(user, sessionId, Context.ConnectionAborted)).CanCall)
        {
            throw Refused();
        }

        Check(await grains.GetGrain<ITherapySessionGrain>(sessionId).HoldsCallSeat(seat.Role, Context.ConnectionId));
        return ice.For(sessionId, seat.Role, user.Id);
    }

    /// <summary>
    /// Hangs up: leaves the session's call and tells the other side (<see cref="CallMessageKind.Left"/>). A page whose seat
    /// another page of the same person took leaves quietly: the call goes on there.
    /// </summary>
    public async Task LeaveCall(string sessionId)
    {
        var joined = Joined;
        if (sessionId is not null && joined.Calling.TryGetValue(sessionId, out var seat) && Forget(joined, sessionId))
        {
            // After the session ended there is no one to tell: the grain relays nothing then.
            await grains.GetGrain<ITherapySessionGrain>(sessionId).RelayCall(Context.ConnectionId, new CallMessage(sessionId, CallSeats.Other(seat.Role), CallMessageKind.Left, null, null, null, null, null));
        }
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Remove(Context.ConnectionId) is { } gone)
        {
            // Each entry is let go of by whoever removes it: this, or a revocation running at the same time.
            foreach (var sessionId in gone.Watching.Keys)
            {
                if (gone.Watching.TryRemove(sessionId, out _))
                {
                    relay.RemoveInterest(sessionId);
                }
            }

            // The other side is not told: media go peer to peer and outlive a dropped hub connection, and the page that
            // reconnects joins again with the call it still has running.
            foreach (var sessionId in gone.Calling.Keys)
            {
                if (gone.Calling.TryRemove(sessionId, out _))
                {
                    relay.RemoveInterest(sessionId);
                }
            }

            foreach (var sessionId in gone.Streaming.Keys)
            {
                if (gone.Streaming.TryRemove(sessionId, out _))
                {
                    relay.RemoveInterest(sessionId);
                }
            }

            relay.UnfollowAccount(gone.AccountId);
        }

        return Task.CompletedTask;
    }

    /// <summary>Ends this node's part in the connection's call of <paramref name="sessionId"/>; false when someone else (a revocation) already did.</summary>
    private bool Forget(LiveConnection joined, string sessionId)
    {
        if (!joined.Calling.TryRemove(sessionId, out _))
        {
            return false;
        }

        relay.RemoveInterest(sessionId);
        return true;
    }

    private static void Check(CallSeatOutcome outcome)
    {
        switch (outcome)
        {
            case CallSeatOutcome.NotLive:
                throw NotLive();
            case CallSeatOutcome.SeatedElsewhere:
                throw new HubException("This call continues in another window or device of yours; join it again here to take it over.");
        }
    }

    private LiveConnection Joined => connections.Find(Context.ConnectionId) ?? throw new HubException("This connection has closed.");

    private bool WithinClockBound(long capturedAtUnixMs)
    {
        // Compared as bounds around now, never as a difference: any long is safe.
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var skew = (long)options.Value.MaxCaptureClockSkew.TotalMilliseconds;
        return capturedAtUnixMs >= now - skew && capturedAtUnixMs <= now + skew;
    }

    private AppUser Caller() => AppUser.FromPrincipal(Context.User) ?? throw new HubException("Sign in first.");

    private static HubException Refused() => new("This session does not exist or is not yours.");

    private static HubException NotLive() => new("The session is not live: its call opens when the therapist starts it and closes when it ends.");
}
