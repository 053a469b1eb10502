using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>What a notification is about. The page words it; no patient content is carried.</summary>
[GenerateSerializer, Alias("emotecare.NotificationKind")]
public enum NotificationKind
{
    /// <summary>A session starts soon.</summary>
    SessionReminder,

    /// <summary>A session was booked.</summary>
    SessionBooked,

    /// <summary>A session was moved to another time.</summary>
    SessionRescheduled,

    /// <summary>A session was cancelled.</summary>
    SessionCancelled,
}

/// <summary>One in-app notification.</summary>
/// <param name="Id">Unique within the account's list.</param>
/// <param name="Kind">What happened.</param>
/// <param name="SessionId">The session it is about.</param>
/// <param name="SessionStart">When that session starts (UTC); the page shows it in the reader's time zone.</param>
/// <param name="CreatedAt">When the notification was made.</param>
/// <param name="Read">Whether the account has marked it read.</param>
[GenerateSerializer, Immutable, Alias("emotecare.Notification")]
public sealed record Notification(
    [Id(0)] string Id,
    [Id(1)] NotificationKind Kind,
    [Id(2)] string SessionId,
    [Id(3)] DateTimeOffset SessionStart,
    [Id(4)] DateTimeOffset CreatedAt,
    [Id(5)] bool Read);

/// <summary>An account's in-app notifications (key: account id), newest first, the oldest dropped beyond a limit.</summary>
[Alias("emotecare.INotificationGrain")]
public interface INotificationGrain : IGrainWithStringKey
{
    /// <summary>Adds a notification; one of the same kind for the same session and start is not added twice.</summary>
    /// <returns>True when it was added.</returns>
    [Alias("Add")]
    Task<bool> Add(NotificationKind kind, string sessionId, DateTimeOffset sessionStart);

    /// <summary>The notifications, newest first.</summary>
    [ReadOnly]
    [Alias("List")]
    Task<IReadOnlyList<Notification>> List();

    /// <summary>How many are unread: the badge.</summary>
    [ReadOnly]
    [Alias("UnreadCount")]
    Task<int> UnreadCount();

    /// <summary>Marks every notification read.</summary>
    [Alias("MarkAllRead")]
    Task MarkAllRead();
}
