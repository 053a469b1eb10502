namespace EmoteCare.Api.Hubs;

/// <summary>SignalR group names: watchers receive insights and alerts, streamers receive analysis on/off.</summary>
internal static class SessionGroups
{
    public static string Watchers(string sessionId) => $"watch:{sessionId}";

    public static string Streamers(string sessionId) => $"stream:{sessionId}";
}
