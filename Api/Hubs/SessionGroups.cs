namespace EmoteCare.Api.Hubs;

/// <summary>
/// SignalR group names: watchers receive insights and alerts, streamers receive analysis on/off. Call messages go to one
/// connection each, the seat holder's, never to a group.
/// </summary>
internal static class SessionGroups
{
    public static string Watchers(string sessionId) => $"watch:{sessionId}";

    public static string Streamers(string sessionId) => $"stream:{sessionId}";
}
