using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Conversation;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans;

namespace EmoteCare.Api.Endpoints;

/// <summary>
/// The support chat: a patient talks with the bot about themself only; the conversation is private unless they share it,
/// and their therapist then reads it (audited). Message length and rate limits are <see cref="ConversationOptions"/>'s.
/// </summary>
internal static class ChatEndpoints
{
    /// <summary>Lines of transcript one read returns at most.</summary>
    public const int MaxLines = 500;

    public static void MapChatEndpoints(this RouteGroupBuilder api)
    {
        var patient = api.MapGroup("").WithTags("Chat").RequireAuthorization(AuthorizationPolicies.Patient);
        patient.MapGet("/chat", Get).WithSummary("The caller's conversation: its latest lines, whether it is shared, whether it is in the safety flow.");
        patient.MapPost("/chat/open", Open).WithSummary("Starts a conversation with the greeting, or repeats where the current one stands.");
        patient.MapPost("/chat/messages", Send).WithSummary("One turn: text or a tapped choice. Checked for a crisis first; a crisis reply carries the helplines of the caller's country.");
        patient.MapPost("/chat/sos", Sos).WithSummary("The SOS button: the helplines at once, and the caller's therapist (or the on-call therapists) alerted live.");
        patient.MapPut("/chat/sharing", SetSharing).WithSummary("Shares the conversation with the caller's therapist, or makes it private again (the default).");
        api.MapGet("/chat/shared/{patientId}", GetShared).WithTags("Chat").RequireAuthorization(AuthorizationPolicies.Therapist)
            .WithSummary("A patient's conversation, for their therapist, only while the patient shares it (audited).");
    }

    private static async Task<Ok<ConversationView>> Get([AsParameters] ChatServices services) =>
        TypedResults.Ok(await services.Conversation.GetConversation(MaxLines));

    private static async Task<Ok<ChatReply>> Open([AsParameters] ChatServices services) =>
        TypedResults.Ok(await services.Conversation.Open());

    private static async Task<Results<Ok<ChatReply>, ValidationProblem>> Send(ChatMessageRequest request, [AsParameters] ChatServices services)
    {
        var max = services.Options.Value.MaxMessageLength;
        if (request.Text is { Length: var length } && length > max)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"At most {max} characters."] });
        }

        return TypedResults.Ok(await services.Conversation.Send(new ChatInput(request.Text, request.ChoiceId)));
    }

    private static async Task<Ok<ChatReply>> Sos([AsParameters] ChatServices services) =>
        TypedResults.Ok(await services.Conversation.Sos());

    private static async Task<Ok<ConversationView>> SetSharing(ChatSharingRequest request, [AsParameters] ChatServices services) =>
        TypedResults.Ok(await services.Conversation.SetSharing(request.Shared));

    private static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> GetShared(string patientId, [AsParameters] ChatServices services)
    {
        if (!await services.Access.CanReadPatientInsightsAsync(services.User, patientId, services.CancellationToken))
        {
            return Problems.NotYourPatient;
        }

        var conversation = services.Grains.GetGrain<IConversationGrain>(patientId);
        var view = await conversation.GetConversation(MaxLines);
        if (!view.SharedWithTherapist)
        {
            return Problems.Forbidden("The patient has not shared their conversation.");
        }

        await services.Audit.RecordReadAsync(services.User, AuditActions.ChatRead, patientId, view.ConversationId, $"{view.Entries.Count} lines", services.CancellationToken);
        return TypedResults.Ok(view);
    }
}

/// <summary>What the chat endpoints use; the conversation is always the caller's own.</summary>
internal sealed record ChatServices(AppUser User, AccessPolicy Access, AuditLog Audit, IGrainFactory Grains, IOptions<ConversationOptions> Options, CancellationToken CancellationToken)
{
    public IConversationGrain Conversation => Grains.GetGrain<IConversationGrain>(User.Id);
}

/// <summary>One turn: <c>text</c> typed, or the <c>choiceId</c> of a choice the last reply offered; exactly one of them.</summary>
public sealed record ChatMessageRequest(string? Text, string? ChoiceId) : IValidatable
{
    /// <summary>Longest choice id accepted.</summary>
    public const int MaxChoiceIdLength = 64;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require((Text is null) != (ChoiceId is null), "text", "Send either text or a choiceId.");
        errors.Require(Text is null || !string.IsNullOrWhiteSpace(Text), "text", "A message must not be empty.");
        errors.Require(ChoiceId is null || (ChoiceId.Length <= MaxChoiceIdLength && ChoiceId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')), "choiceId", $"A choice id is up to {MaxChoiceIdLength} letters, digits and hyphens.");
    }
}

/// <summary>Whether the patient shares their conversation with their therapist.</summary>
public sealed record ChatSharingRequest(bool Shared);

/// <summary>The patient's country, an ISO 3166 alpha-2 code ("US", "GB"), or null when unknown.</summary>
public sealed record CountryRequest(string? Country) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require(Country is null || CountryCodes.IsAssigned(Country), "country", "An ISO 3166 alpha-2 code in capitals, such as US, CA, GB or IE; GB for the United Kingdom.");
    }
}
