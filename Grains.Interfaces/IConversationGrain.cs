using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>
/// A patient's conversation with the support bot (key: patient id). Every turn is checked for a crisis first; a crisis
/// or SOS shows the helplines of the patient's country in the same reply and alerts their therapist (or the provider's
/// on-call therapists) live. Replies are authored flows, never generated. Private to the patient unless they share it.
/// </summary>
[Alias("emotecare.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Starts a conversation with the greeting, or repeats where the current one stands.</summary>
    [Alias("Open")]
    Task<ChatReply> Open();

    /// <summary>Takes one turn: a message or a tapped choice.</summary>
    /// <exception cref="ArgumentException">Neither or both of text and choice are given, or the text is empty or too long.</exception>
    [Alias("Send")]
    Task<ChatReply> Send(ChatInput input);

    /// <summary>The SOS button: the crisis path, without a message.</summary>
    [Alias("Sos")]
    Task<ChatReply> Sos();

    /// <summary>The current conversation's most recent lines.</summary>
    /// <param name="limit">How many lines at most; positive.</param>
    [ReadOnly]
    [Alias("GetConversation")]
    Task<ConversationView> GetConversation(int limit);

    /// <summary>Shares the conversation with the patient's therapist, or makes it private again.</summary>
    [Alias("SetSharing")]
    Task<ConversationView> SetSharing(bool shared);
}
