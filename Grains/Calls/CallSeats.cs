using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Calls;

/// <summary>
/// The two seats of a session's call, one per side, each held by one hub connection: the page that signals for that side.
/// Two tabs or devices of one person would otherwise both answer the other side's offers and break the call. The most
/// recent join takes the seat; a connection that no longer holds it can neither signal nor hang up. Held in memory by the
/// session grain only: call presence is ephemeral, and after a reactivation an empty seat goes to the first connection of
/// that side that signals, so a running call (whose media go peer to peer) survives the loss of the grain's node.
/// </summary>
public sealed class CallSeats
{
    private readonly Dictionary<CallRole, string> _holders = [];

    /// <summary>The side that is not <paramref name="role"/>.</summary>
    public static CallRole Other(CallRole role) => role == CallRole.Patient ? CallRole.Therapist : CallRole.Patient;

    /// <summary>The connection holding <paramref name="role"/>'s seat; null when it is empty.</summary>
    public string? HolderOf(CallRole role) => _holders.GetValueOrDefault(role);

    /// <summary>
    /// Gives <paramref name="role"/>'s seat to <paramref name="connectionId"/>. Returns the connection that held it until
    /// now, to be told so; null when the seat was empty or already this connection's.
    /// </summary>
    public string? Take(CallRole role, string connectionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        var previous = HolderOf(role);
        _holders[role] = connectionId;
        return previous == connectionId ? null : previous;
    }

    /// <summary>Whether <paramref name="connectionId"/> holds <paramref name="role"/>'s seat; an empty seat becomes its own.</summary>
    public bool Holds(CallRole role, string connectionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return _holders.TryAdd(role, connectionId) || _holders[role] == connectionId;
    }

    /// <summary>Frees <paramref name="role"/>'s seat when <paramref name="connectionId"/> holds it (or it is empty); false, and nothing changed, when another connection does.</summary>
    public bool Leave(CallRole role, string connectionId)
    {
        if (!Holds(role, connectionId))
        {
            return false;
        }

        _holders.Remove(role);
        return true;
    }
}
