using System.Collections.Concurrent;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.SignalR;

namespace EmoteCare.Api.Hubs;

/// <summary>
/// This node's hub connections and what each follows, so that a revocation arriving from the cluster can find the feeds
/// and connections it ends. The hub adds and removes entries; the relay reads them when access is revoked.
/// </summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<string, LiveConnection> _connections = new(StringComparer.Ordinal);

    /// <summary>Records a new connection of <paramref name="accountId"/>, opened with the credential of sign-in <paramref name="grantId"/>.</summary>
    public LiveConnection Add(HubCallerContext context, string accountId, string? grantId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var connection = new LiveConnection(context, accountId, grantId);
        _connections[context.ConnectionId] = connection;
        return connection;
    }

    /// <summary>The connection's entry; null once it has gone.</summary>
    public LiveConnection? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    /// <summary>Forgets a connection; returns its entry, or null when it was not recorded.</summary>
    public LiveConnection? Remove(string connectionId) => _connections.TryRemove(connectionId, out var connection) ? connection : null;

    /// <summary>The account's connections on this node.</summary>
    public IEnumerable<LiveConnection> OfAccount(string accountId) =>
        _connections.Values.Where(connection => connection.AccountId == accountId);
}

/// <summary>
/// One hub connection: its account and sign-in, the sessions it streams into (with their stream epoch), watches (with
/// their patient) and has joined the call of.
/// </summary>
public sealed class LiveConnection(HubCallerContext context, string accountId, string? grantId)
{
    private int _revocations;

    /// <summary>The connection's id.</summary>
    public string ConnectionId => Context.ConnectionId;

    /// <summary>The signed-in account.</summary>
    public string AccountId { get; } = accountId;

    /// <summary>The sign-in whose credential opened the connection (<c>SignInGrant</c>); it closes when that sign-in ends.</summary>
    public string? GrantId { get; } = grantId;

    /// <summary>The hub's view of the connection, to close it.</summary>
    public HubCallerContext Context { get; } = context;

    /// <summary>Sessions this connection streams into, with the epoch the session gave its stream on joining.</summary>
    public ConcurrentDictionary<string, long> Streaming { get; } = new(StringComparer.Ordinal);

    /// <summary>Sessions this connection watches, with each session's patient (what an unassignment is about).</summary>
    public ConcurrentDictionary<string, string> Watching { get; } = new(StringComparer.Ordinal);

    /// <summary>Sessions whose call this connection joined, with its side and the session's patient; call messages reach it only while it is here.</summary>
    public ConcurrentDictionary<string, CallSeat> Calling { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How many revocations reached this connection. Counted before a revocation looks at <see cref="Watching"/>, so a
    /// watch that was being added meanwhile sees the count change and checks its access again.
    /// </summary>
    public int Revocations => Volatile.Read(ref _revocations);

    /// <summary>Counts one more revocation.</summary>
    public void CountRevocation() => Interlocked.Increment(ref _revocations);
}

/// <summary>A connection's side in a session's call; whether it holds that side's one seat is the session grain's to say (<see cref="ITherapySessionGrain.TakeCallSeat"/>).</summary>
/// <param name="Role">Its side.</param>
/// <param name="PatientId">The session's patient (what an unassignment is about).</param>
public sealed record CallSeat(CallRole Role, string PatientId);
