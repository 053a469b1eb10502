namespace EmoteCare.Grains.Conversation;

/// <summary>Settings of the support chat (section <c>Chat</c>), read by the conversation grains and by the Api's validation alike.</summary>
public sealed class ConversationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Chat";

    /// <summary>Longest message a patient may send, in characters.</summary>
    public int MaxMessageLength { get; set; } = 1000;

    /// <summary>Messages a patient may send per minute; beyond it the bot asks them to slow down (a crisis signal still gets the full crisis reply).</summary>
    public int MessagesPerMinute { get; set; } = 20;

    /// <summary>
    /// Therapist account ids alerted when a patient without an assigned therapist reaches the crisis path: the provider's
    /// on-call therapists. They see the alert (its short excerpt) in their inbox and live, and nothing else of the patient.
    /// </summary>
    public List<string> OnCallTherapistIds { get; set; } = [];

    /// <summary>Most characters of the patient's message quoted in a crisis alert.</summary>
    public int AlertExcerptLength { get; set; } = 80;

    /// <summary>Lines of transcript kept per patient; the oldest go first.</summary>
    public int MaxStoredLines { get; set; } = 500;

    /// <summary>How often an alert that could not be delivered is tried again.</summary>
    public TimeSpan AlertRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What is wrong with the settings; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxMessageLength is < 1 or > 10_000)
        {
            yield return $"{Section}:{nameof(MaxMessageLength)} must be between 1 and 10000.";
        }

        if (MessagesPerMinute < 1)
        {
            yield return $"{Section}:{nameof(MessagesPerMinute)} must be at least 1.";
        }

        if (AlertExcerptLength is < 0 or > 200)
        {
            yield return $"{Section}:{nameof(AlertExcerptLength)} must be between 0 and 200.";
        }

        if (MaxStoredLines < 10)
        {
            yield return $"{Section}:{nameof(MaxStoredLines)} must be at least 10.";
        }

        if (AlertRetryInterval <= TimeSpan.Zero)
        {
            yield return $"{Section}:{nameof(AlertRetryInterval)} must be positive.";
        }

        if (OnCallTherapistIds.Exists(string.IsNullOrWhiteSpace))
        {
            yield return $"{Section}:{nameof(OnCallTherapistIds)} holds an empty id.";
        }
    }
}
