using EmoteCare.Api.Accounts;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
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
/// the session's insights. Every method checks ownership through <see cref="AccessPolicy"/>; failures reach the caller
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
    InsightRelay relay,
    LiveConnections connections,
    LiveMetrics metrics,
    IOptions<LiveOptions> options,
    TimeProvider time) : Hub
{
    /// <summary>
    /// Records the connection and follows its account across the cluster; closes it at once when its credentials ended
    /// between authentication and now, since the revocation that said so came before there was anything to end.
    /// </summary>
    public override async Task OnConnectedAsync()
    {
        var user = Caller();
        var grantId = AppUser.GrantOf(Context.User)?.Id;
        connections.Add(Context, user.Id, grantId);
        try
        {
            await relay.FollowAccountAsync(user.Id);
            if (!await accounts.AreCredentialsCurrentAsync(user.Id, AppUser.CredentialsStampOf(Context.User), grantId, Context.ConnectionAborted))
            {
                Context.Abort();
            }
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync for a connection whose OnConnectedAsync failed: let go here.
            await OnDisconnectedAsync(null);
            throw;
        }
    }

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
}
