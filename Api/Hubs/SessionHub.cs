using System.Collections.Concurrent;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Inference;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans;

namespace EmoteCare.Api.Hubs;

/// <summary>
/// The live session hub. A patient joins their own session and streams webcam frames; the patient's therapist watches
/// the session's insights. Every method checks ownership through <see cref="AccessPolicy"/>; failures reach the caller
/// only, as <see cref="HubException"/> messages that name no one else's data.
/// </summary>
[Authorize]
public sealed class SessionHub(
    AccessPolicy access,
    AuditLog audit,
    IGrainFactory grains,
    FrameDispatcher dispatcher,
    FrameIngestLimiter limiter,
    InsightRelay relay,
    LiveMetrics metrics) : Hub
{
    /// <summary>Joins the caller's own session to stream frames into it.</summary>
    public async Task<PatientJoin> JoinAsPatient(string sessionId)
    {
        var user = Caller();
        if (!await access.CanStreamFramesAsync(user, sessionId, Context.ConnectionAborted))
        {
            throw Refused();
        }

        if (Joined.Streaming.TryAdd(sessionId, 0))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, SessionGroups.Streamers(sessionId), Context.ConnectionAborted);
            await relay.AddInterestAsync(sessionId);
        }

        var session = grains.GetGrain<ITherapySessionGrain>(sessionId);
        var snapshot = await session.GetSnapshot();
        return new PatientJoin(sessionId, snapshot.Status, await session.IsAnalysisActive());
    }

    /// <summary>
    /// Sends one JPEG frame of a session the caller joined with <see cref="JoinAsPatient"/>. Frames over the size or rate
    /// limit, or sent while analysis is off, are dropped and counted; nothing is queued beyond the latest frame. A frame
    /// over twice <see cref="FrameDispatcherOptions.MaxFrameBytes"/> exceeds the hub's receive limit and never reaches this method:
    /// SignalR closes that connection, and the client reconnects.
    /// </summary>
    public async Task<string> SendFrame(string sessionId, byte[] jpeg, long sequence, long capturedAtUnixMs)
    {
        if (sessionId is null || !Joined.Streaming.ContainsKey(sessionId))
        {
            throw new HubException("Join the session with JoinAsPatient before sending frames.");
        }

        if (jpeg is null || !dispatcher.FitsSizeLimit(jpeg.Length))
        {
            return metrics.Dropped(FrameOutcomes.RefusedSize);
        }

        if (!limiter.TryAcquire(sessionId))
        {
            return metrics.Dropped(FrameOutcomes.RefusedRate);
        }

        if (!await grains.GetGrain<ITherapySessionGrain>(sessionId).IsAnalysisActive())
        {
            return metrics.Dropped(FrameOutcomes.AnalysisOff);
        }

        return dispatcher.Submit(sessionId, jpeg, sequence, capturedAtUnixMs) switch
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
        var sessionAccess = await access.ForSessionAsync(user, sessionId, Context.ConnectionAborted);
        if (!sessionAccess.CanRead)
        {
            throw Refused();
        }

        if (user.Id != sessionAccess.Session!.PatientId)
        {
            await audit.RecordReadAsync(user, AuditActions.SessionLiveWatched, sessionAccess.Session.PatientId, sessionId, detail: null, Context.ConnectionAborted);
        }

        if (Joined.Watching.TryAdd(sessionId, 0))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, SessionGroups.Watchers(sessionId), Context.ConnectionAborted);
            await relay.AddInterestAsync(sessionId);
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
        foreach (var sessionId in Joined.Watching.Keys.Concat(Joined.Streaming.Keys))
        {
            relay.RemoveInterest(sessionId);
        }

        return Task.CompletedTask;
    }

    private ConnectionSessions Joined
    {
        get
        {
            // A connection's invocations run one at a time, so this needs no lock.
            if (Context.Items.TryGetValue(typeof(ConnectionSessions), out var joined))
            {
                return (ConnectionSessions)joined!;
            }

            var created = new ConnectionSessions();
            Context.Items[typeof(ConnectionSessions)] = created;
            return created;
        }
    }

    private AppUser Caller() => AppUser.FromPrincipal(Context.User) ?? throw new HubException("Sign in first.");

    private static HubException Refused() => new("This session does not exist or is not yours.");

    /// <summary>The sessions one connection joined; lives in the connection's items, so it ends with the connection.</summary>
    private sealed class ConnectionSessions
    {
        public ConcurrentDictionary<string, byte> Streaming { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, byte> Watching { get; } = new(StringComparer.Ordinal);
    }
}
