using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Api.Hubs;

/// <summary>
/// SignalR group names: watchers receive insights and alerts, streamers receive analysis on/off, each side of a call
/// receives the call messages addressed to it.
/// </summary>
internal static class SessionGroups
{
    public static string Watchers(string sessionId) => $"watch:{sessionId}";

    public static string Streamers(string sessionId) => $"stream:{sessionId}";

    public static string Call(string sessionId, CallRole role) => $"call:{role}:{sessionId}";
}
