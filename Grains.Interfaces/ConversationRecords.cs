using System.Text.Json.Serialization;

namespace EmoteCare.Grains.Interfaces;

/// <summary>Who wrote a line of a conversation.</summary>
[GenerateSerializer, Alias("emotecare.ChatSpeaker")]
[JsonConverter(typeof(JsonStringEnumConverter<ChatSpeaker>))]
public enum ChatSpeaker
{
    /// <summary>The patient.</summary>
    Patient,

    /// <summary>The support bot; every one of its lines is authored, never generated.</summary>
    Bot,
}

/// <summary>How a helpline link reaches someone.</summary>
[GenerateSerializer, Alias("emotecare.ContactKind")]
[JsonConverter(typeof(JsonStringEnumConverter<ContactKind>))]
public enum ContactKind
{
    /// <summary>A phone call (<c>tel:</c>).</summary>
    Call,

    /// <summary>A text message (<c>sms:</c>).</summary>
    Text,
}

/// <summary>One tap-to-call or tap-to-text link to a helpline or an emergency number.</summary>
/// <param name="Name">The service's name.</param>
/// <param name="Kind">Call or text.</param>
/// <param name="Number">The number as people write it ("116 123").</param>
/// <param name="Href">The link: <c>tel:116123</c> or <c>sms:988</c>.</param>
/// <param name="Emergency">True for the country's emergency number.</param>
/// <param name="NeedsConfirmation">True while the number is not yet verified against its source.</param>
[GenerateSerializer, Immutable, Alias("emotecare.HelplineLink")]
public sealed record HelplineLink(
    [Id(0)] string Name,
    [Id(1)] ContactKind Kind,
    [Id(2)] string Number,
    [Id(3)] string Href,
    [Id(4)] bool Emergency,
    [Id(5)] bool NeedsConfirmation);

/// <summary>The helplines for a patient's country, as a crisis reply shows them.</summary>
/// <param name="Country">The ISO 3166 alpha-2 code they are for; null when the patient's country is unknown.</param>
/// <param name="Links">Tap-to-call and tap-to-text links, emergency number first; empty for an unknown country.</param>
/// <param name="Note">An authored sentence shown with them (for an unknown country: call your local emergency number).</param>
/// <param name="CheckedOn">When the table they come from was last checked.</param>
[GenerateSerializer, Immutable, Alias("emotecare.Helplines")]
public sealed record Helplines(
    [Id(0)] string? Country,
    [Id(1)] IReadOnlyList<HelplineLink> Links,
    [Id(2)] string Note,
    [Id(3)] DateOnly CheckedOn);

/// <summary>An answer the patient can tap instead of typing.</summary>
/// <param name="Id">Stable within the flow node that offers it.</param>
/// <param name="Label">What the button says.</param>
[GenerateSerializer, Immutable, Alias("emotecare.ChatChoice")]
public sealed record ChatChoice([Id(0)] string Id, [Id(1)] string Label);

/// <summary>One step of a timed exercise.</summary>
/// <param name="Label">What to do ("Breathe in").</param>
/// <param name="Seconds">How long.</param>
[GenerateSerializer, Immutable, Alias("emotecare.TimerPhase")]
public sealed record TimerPhase([Id(0)] string Label, [Id(1)] int Seconds);

/// <summary>A timed exercise the patient's screen runs (box breathing).</summary>
/// <param name="Name">The exercise.</param>
/// <param name="Phases">Its steps, in order.</param>
/// <param name="Rounds">How many times the steps repeat.</param>
[GenerateSerializer, Immutable, Alias("emotecare.ExerciseTimer")]
public sealed record ExerciseTimer([Id(0)] string Name, [Id(1)] IReadOnlyList<TimerPhase> Phases, [Id(2)] int Rounds);

/// <summary>What the patient sends: free text, or the id of a choice the last reply offered.</summary>
/// <param name="Text">What they typed; null when they tapped a choice.</param>
/// <param name="ChoiceId">The choice they tapped; null when they typed.</param>
[GenerateSerializer, Immutable, Alias("emotecare.ChatInput")]
public sealed record ChatInput([Id(0)] string? Text, [Id(1)] string? ChoiceId);

/// <summary>The bot's answer to one turn.</summary>
/// <param name="ConversationId">The conversation (32 hexadecimal characters); a new one starts after an ending.</param>
/// <param name="Messages">The bot's lines, authored, in order.</param>
/// <param name="Choices">Answers the patient can tap.</param>
/// <param name="AcceptsText">Whether typing an answer fits the question (typing is always possible).</param>
/// <param name="Helplines">Helplines to show with this reply; null outside the safety flow and referrals.</param>
/// <param name="Timer">A timed exercise to run; null when none.</param>
/// <param name="Resources">Resources matched to the emotion and concern; empty when none were asked for.</param>
/// <param name="Safety">True while the conversation is in the safety flow after a crisis signal or SOS.</param>
/// <param name="TherapistAlerted">True when this turn alerted a therapist (the patient's, or the provider's on-call therapists).</param>
/// <param name="Node">The flow node the conversation is at now.</param>
/// <param name="FlowVersion">The version of the authored flows that wrote the reply.</param>
/// <param name="At">When the reply was made (server clock).</param>
[GenerateSerializer, Immutable, Alias("emotecare.ChatReply")]
public sealed record ChatReply(
    [Id(0)] string ConversationId,
    [Id(1)] IReadOnlyList<string> Messages,
    [Id(2)] IReadOnlyList<ChatChoice> Choices,
    [Id(3)] bool AcceptsText,
    [Id(4)] Helplines? Helplines,
    [Id(5)] ExerciseTimer? Timer,
    [Id(6)] IReadOnlyList<ResourceSummary> Resources,
    [Id(7)] bool Safety,
    [Id(8)] bool TherapistAlerted,
    [Id(9)] string Node,
    [Id(10)] string FlowVersion,
    [Id(11)] DateTimeOffset At);

/// <summary>One line of a conversation's transcript.</summary>
/// <param name="Speaker">Who wrote it.</param>
/// <param name="Text">What was written (a tapped choice is stored as its label).</param>
/// <param name="At">When (server clock).</param>
[GenerateSerializer, Immutable, Alias("emotecare.ChatEntry")]
public sealed record ChatEntry([Id(0)] ChatSpeaker Speaker, [Id(1)] string Text, [Id(2)] DateTimeOffset At);

/// <summary>A conversation as its patient, or a therapist it is shared with, reads it.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="ConversationId">The current conversation; null before the first one.</param>
/// <param name="SharedWithTherapist">Whether the patient shares it with their therapist (private by default).</param>
/// <param name="Safety">Whether the conversation is in the safety flow.</param>
/// <param name="Entries">The most recent lines, oldest first.</param>
[GenerateSerializer, Immutable, Alias("emotecare.ConversationView")]
public sealed record ConversationView(
    [Id(0)] string PatientId,
    [Id(1)] string? ConversationId,
    [Id(2)] bool SharedWithTherapist,
    [Id(3)] bool Safety,
    [Id(4)] IReadOnlyList<ChatEntry> Entries);
