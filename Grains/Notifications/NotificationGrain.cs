using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Notifications;

/// <summary>What a <see cref="NotificationGrain"/> persists.</summary>
[GenerateSerializer, Alias("emotecare.NotificationState")]
public sealed class NotificationState
{
    /// <summary>Newest first.</summary>
    [Id(0)]
    public List<Notification> Items { get; set; } = [];

    /// <summary>The last id handed out; ids count up per account.</summary>
    [Id(1)]
    public long LastId { get; set; }
}

/// <summary>An account's in-app notifications: the list and the unread badge.</summary>
public sealed class NotificationGrain(
    [PersistentState("notifications")] IPersistentState<NotificationState> state,
    TimeProvider time) : Grain, INotificationGrain
{
    /// <summary>Notifications kept per account; older ones are dropped.</summary>
    internal const int Capacity = 100;

    private List<Notification> Items => state.State.Items;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.Validate(this.GetPrimaryKeyString(), "notification list");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<bool> Add(NotificationKind kind, string sessionId, DateTimeOffset sessionStart)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        if (Items.Exists(n => n.Kind == kind && n.SessionId == sessionId && n.SessionStart == sessionStart))
        {
            return false;
        }

        var id = ++state.State.LastId;
        Items.Insert(0, new Notification(id.ToString(System.Globalization.CultureInfo.InvariantCulture), kind, sessionId, sessionStart, time.GetUtcNow(), false));
        if (Items.Count > Capacity)
        {
            Items.RemoveRange(Capacity, Items.Count - Capacity);
        }

        await state.WriteStateAsync();
        return true;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Notification>> List() => Task.FromResult<IReadOnlyList<Notification>>(Items.ToArray());

    /// <inheritdoc />
    public Task<int> UnreadCount() => Task.FromResult(Items.Count(n => !n.Read));

    /// <inheritdoc />
    public async Task MarkAllRead()
    {
        if (Items.Exists(n => !n.Read))
        {
            state.State.Items = [.. Items.Select(n => n with { Read = true })];
            await state.WriteStateAsync();
        }
    }
}
