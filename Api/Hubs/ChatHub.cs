using EmoteCare.Api.Accounts;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Endpoints;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Conversation;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans;

namespace EmoteCare.Api.Hubs;

/// <summary>
/// The support chat's live hub: a patient chats with the bot (the same turns as <c>/api/chat</c>), and a therapist's
/// pages receive their inbox's new alerts (crisis alerts from the chat among them) the moment they arrive. Failures reach
/// the caller only, as <see cref="HubException"/> messages. Its connections are followed like the session hub's
/// (<see cref="LiveConnections"/>, <see cref="InsightRelay"/>), so a password change or reset closes them too.
/// </summary>
[Authorize]
public sealed class ChatHub(
    IGrainFactory grains,
    AuditLog audit,
    AccountService accounts,
    LiveConnections connections,
    InsightRelay accountFeed,
    TherapistAlertRelay relay,
    IOptions<ConversationOptions> options) : Hub
{
    /// <summary>Admits the connection as every hub does (<see cref="HubAdmission"/>).</summary>
    public override Task OnConnectedAsync() =>
        HubAdmission.AdmitAsync(Context, Caller(), connections, accountFeed, accounts, () => OnDisconnectedAsync(null));

    /// <summary>Starts a conversation or repeats where it stands.</summary>
    public Task<ChatReply> Open() => Conversation().Open();

    /// <summary>One turn: text or a tapped choice, as <c>POST /api/chat/messages</c> takes it.</summary>
    public async Task<ChatReply> Send(ChatMessageRequest request)
    {
        var conversation = Conversation();
        var errors = new ValidationErrors();
        request?.Validate(errors);
        if (request is null || !errors.IsEmpty || request.Text?.Length > options.Value.MaxMessageLength)
        {
            throw new HubException($"Send either text of 1 to {options.Value.MaxMessageLength} characters or a choice id.");
        }

        return await conversation.Send(new ChatInput(request.Text, request.ChoiceId));
    }

    /// <summary>The SOS button.</summary>
    public Task<ChatReply> Sos() => Conversation().Sos();

    /// <summary>A therapist's pages follow their inbox: every new alert arrives as <see cref="ChatHubEvents.InboxAlert"/> (audited once per call).</summary>
    public async Task WatchAlerts()
    {
        var user = Caller();
        if (user.Role != Role.Therapist)
        {
            throw new HubException("Only therapists have an alert inbox.");
        }

        await audit.RecordAsync(user, AuditActions.AlertsWatched, null, null, null, Context.ConnectionAborted);
        if (!Context.Items.ContainsKey(typeof(TherapistAlertRelay)))
        {
            Context.Items[typeof(TherapistAlertRelay)] = user.Id;
            await Groups.AddToGroupAsync(Context.ConnectionId, TherapistAlertRelay.Group(user.Id), Context.ConnectionAborted);
            await relay.AddInterestAsync(user.Id);
        }
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.Remove(typeof(TherapistAlertRelay), out var therapistId))
        {
            relay.RemoveInterest((string)therapistId!);
        }

        if (connections.Remove(Context.ConnectionId) is { } gone)
        {
            accountFeed.UnfollowAccount(gone.AccountId);
        }

        return Task.CompletedTask;
    }

    private IConversationGrain Conversation()
    {
        var user = Caller();
        return user.Role == Role.Patient
            ? grains.GetGrain<IConversationGrain>(user.Id)
            : throw new HubException("The support chat is for patients.");
    }

    private AppUser Caller() => AppUser.FromPrincipal(Context.User) ?? throw new HubException("Sign in first.");
}

/// <summary>Names of the events the chat hub sends.</summary>
public static class ChatHubEvents
{
    /// <summary>A <c>SessionAlert</c> that has just entered the therapist's inbox.</summary>
    public const string InboxAlert = "inboxAlert";
}
