using System.Text.RegularExpressions;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Conversation;

/// <summary>Where a conversation stands in the flows; persisted with the conversation.</summary>
[GenerateSerializer, Alias("emotecare.ConversationPosition")]
public sealed class ConversationPosition
{
    /// <summary>The node waiting for the patient; null before the first turn and after an ending.</summary>
    [Id(0)]
    public string? Node { get; set; }

    /// <summary>In the safety flow: helplines on every reply, closed only after the screener and an explicit "I'm safe".</summary>
    [Id(1)]
    public bool Safety { get; set; }

    /// <summary>The screener answers given in this safety episode (yes = true), in order.</summary>
    [Id(2)]
    public List<bool> ScreenerAnswers { get; set; } = [];

    /// <summary>The most serious crisis signal a therapist was alerted to in this safety episode; null outside one or after SOS only.</summary>
    [Id(3)]
    public CrisisSignal? AlertedSignal { get; set; }

    /// <summary>The concern the patient last named ("sleep"), for resource suggestions.</summary>
    [Id(4)]
    public string? Concern { get; set; }

    /// <summary>The emotion the text model last read in the patient's words (not neutral), for resource suggestions.</summary>
    [Id(5)]
    public Emotion? LastEmotion { get; set; }
}

/// <summary>What the engine knows about the patient for routing.</summary>
/// <param name="HasTherapist">Whether a therapist is assigned.</param>
public sealed record TurnContext(bool HasTherapist);

/// <summary>One patient turn, already read by the crisis detector and the text model.</summary>
/// <param name="Text">What they typed; null when they tapped a choice.</param>
/// <param name="ChoiceId">The choice they tapped; null when they typed.</param>
/// <param name="CrisisSignals">What the crisis detector found, most serious first; empty when nothing.</param>
/// <param name="Emotion">The strongest emotion the text model read, null when neutral or not read.</param>
/// <param name="English">Whether the text reads as English (true for taps).</param>
public sealed record PatientTurn(string? Text, string? ChoiceId, IReadOnlyList<CrisisSignal> CrisisSignals, Emotion? Emotion, bool English);

/// <summary>What one turn produces: the authored reply and the side effects the conversation must carry out.</summary>
public sealed class TurnOutcome
{
    /// <summary>The bot's lines, in order.</summary>
    public List<string> Messages { get; } = [];

    /// <summary>Answers to tap.</summary>
    public IReadOnlyList<ChatChoice> Choices { get; set; } = [];

    /// <summary>Whether the waiting node takes typed text.</summary>
    public bool AcceptsText { get; set; }

    /// <summary>Show the patient's helplines with the reply.</summary>
    public bool ShowHelplines { get; set; }

    /// <summary>A timed exercise.</summary>
    public ExerciseTimer? Timer { get; set; }

    /// <summary>How many resources to suggest; 0 for none.</summary>
    public int Resources { get; set; }

    /// <summary>Lines said instead of the node's when no resource is found.</summary>
    public IReadOnlyList<string> NoResources { get; set; } = [];

    /// <summary>Alert the patient's therapist (or on-call therapists) now.</summary>
    public bool RaiseCrisisAlert { get; set; }

    /// <summary>Ask the patient's therapist to book a session.</summary>
    public bool RequestSession { get; set; }

    /// <summary>The conversation ended with this reply.</summary>
    public bool Ended { get; set; }

    /// <summary>The node the reply comes from (the waiting node, or the ending).</summary>
    public string Node { get; set; } = FlowNodes.Start;
}

/// <summary>
/// Runs the authored flows: a plain class, the same for every conversation, with no I/O. The crisis check comes first on
/// every turn (a crisis signal enters the safety flow from anywhere, and a signal more serious than the one already
/// reported raises a new alert); then non-English text, the global commands (stop, help, talk to a person), and only then
/// the current node's choices or text. Anything that fits nothing gets the repair line and the same question again.
/// </summary>
public sealed partial class FlowEngine(FlowSet flows, ISafetyScreener screener)
{
    /// <summary>Longest chain of nodes one reply may pass through; the flows' checks keep real chains far shorter.</summary>
    private const int MaxHops = 32;

    /// <summary>The flows.</summary>
    public FlowSet Flows => flows;

    /// <summary>The greeting for a new conversation, or the current question again for one under way.</summary>
    public TurnOutcome Open(ConversationPosition position, TurnContext context)
    {
        ArgumentNullException.ThrowIfNull(position);
        var outcome = new TurnOutcome();
        if (position.Node is null)
        {
            Enter(FlowNodes.Start, position, context, outcome, reflectOn: null);
        }
        else
        {
            Present(position, outcome, say: true);
        }

        return outcome;
    }

    /// <summary>The SOS button: the safety flow, with an alert, from wherever the conversation is.</summary>
    public TurnOutcome Sos(ConversationPosition position, TurnContext context)
    {
        ArgumentNullException.ThrowIfNull(position);
        var outcome = new TurnOutcome { RaiseCrisisAlert = true };
        EnterSafety(position);
        Enter(FlowNodes.SafetySos, position, context, outcome, reflectOn: null);
        return outcome;
    }

    /// <summary>A message over the rate limit that carried no crisis signal: the slow-down line and the same question.</summary>
    public TurnOutcome SlowDown(ConversationPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        var outcome = new TurnOutcome();
        outcome.Messages.AddRange(flows[FlowNodes.SlowDown].Say);
        Present(position, outcome, say: false);
        return outcome;
    }

    /// <summary>
    /// The turn's reply to a message the crisis detector could not check, made safe: a message that might have been a
    /// crisis gets the helplines, with words saying why, before anything else.
    /// </summary>
    public void MarkUnchecked(TurnOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        outcome.Messages.InsertRange(0, flows[FlowNodes.CheckUnavailable].Say);
        outcome.ShowHelplines = true;
    }

    /// <summary>One turn.</summary>
    public TurnOutcome Respond(ConversationPosition position, PatientTurn turn, TurnContext context)
    {
        ArgumentNullException.ThrowIfNull(position);
        ArgumentNullException.ThrowIfNull(turn);
        var outcome = new TurnOutcome();

        if (turn.CrisisSignals.Count > 0)
        {
            if (!turn.English)
            {
                outcome.Messages.AddRange(flows[FlowNodes.NotEnglish].Say);
            }

            var worst = turn.CrisisSignals.Max();
            if (!position.Safety)
            {
                EnterSafety(position);
                position.AlertedSignal = worst;
                outcome.RaiseCrisisAlert = true;
                Enter(FlowNodes.SafetyStart, position, context, outcome, reflectOn: null);
            }
            else
            {
                // Already reported: a new alert only when the words are more serious than what the therapist has seen.
                if (position.AlertedSignal is not { } alerted || worst > alerted)
                {
                    position.AlertedSignal = worst;
                    outcome.RaiseCrisisAlert = true;
                }

                Enter(FlowNodes.SafetyAgain, position, context, outcome, reflectOn: null);
            }

            return outcome;
        }

        if (!turn.English)
        {
            outcome.Messages.AddRange(flows[FlowNodes.NotEnglish].Say);
            Present(position, outcome, say: false);
            return outcome;
        }

        if (turn.Text is { } typed && Command(typed) is { } command)
        {
            var target = command switch
            {
                FlowCommands.Stop => position.Safety ? FlowNodes.SafetyStop : FlowNodes.Stop,
                FlowCommands.Help => position.Safety ? FlowNodes.SafetyHelp : FlowNodes.Help,
                _ => position.Safety ? FlowNodes.SafetyHelp : FlowNodes.Person,
            };
            Enter(target, position, context, outcome, reflectOn: null);
            return outcome;
        }

        if (position.Node is null)
        {
            Enter(FlowNodes.Start, position, context, outcome, reflectOn: null);
            return outcome;
        }

        var current = flows[position.Node];
        if (current.Id == FlowNodes.SafetyScreener)
        {
            if (ScreenerAnswer(turn) is { } answer)
            {
                position.ScreenerAnswers.Add(answer);
                Enter(FlowNodes.SafetyScreener, position, context, outcome, reflectOn: null);
            }
            else
            {
                Enter(FlowNodes.SafetyRepair, position, context, outcome, reflectOn: null);
            }

            return outcome;
        }

        var choice = turn.ChoiceId is { } id
            ? current.Choices.FirstOrDefault(c => c.Id == id)
            : current.Choices.FirstOrDefault(c => Normalize(c.Label) == Normalize(turn.Text!));
        if (choice is not null)
        {
            Enter(choice.Next, position, context, outcome, reflectOn: null);
        }
        else if (turn.Text is not null && current.Text is { } next)
        {
            Enter(next, position, context, outcome, reflectOn: turn.Emotion);
        }
        else
        {
            outcome.Messages.AddRange(flows[FlowNodes.Repair].Say);
            Present(position, outcome, say: false);
        }

        return outcome;
    }

    /// <summary>Which global command the text is, if any: the whole message, or a phrase of several words inside it.</summary>
    public string? Command(string text)
    {
        var normalized = Normalize(text);
        foreach (var name in (ReadOnlySpan<string>)[FlowCommands.Stop, FlowCommands.Help, FlowCommands.Person])
        {
            foreach (var phrase in flows.Commands[name])
            {
                if (normalized == phrase || (phrase.Contains(' ', StringComparison.Ordinal) && $" {normalized} ".Contains($" {phrase} ", StringComparison.Ordinal)))
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static void EnterSafety(ConversationPosition position)
    {
        if (!position.Safety)
        {
            position.Safety = true;
            position.ScreenerAnswers.Clear();
            position.AlertedSignal = null;
        }
    }

    private bool? ScreenerAnswer(PatientTurn turn)
    {
        var answer = turn.ChoiceId ?? (turn.Text is { } text ? Normalize(text) : null);
        if (answer is null)
        {
            return null;
        }

        if (answer == FlowCommands.Yes || (turn.Text is not null && flows.Commands[FlowCommands.Yes].Contains(answer)))
        {
            return true;
        }

        return answer == FlowCommands.No || (turn.Text is not null && flows.Commands[FlowCommands.No].Contains(answer)) ? false : null;
    }

    /// <summary>Enters <paramref name="id"/> and follows branches and gotos to the next node that waits, or an ending.</summary>
    private void Enter(string id, ConversationPosition position, TurnContext context, TurnOutcome outcome, Emotion? reflectOn)
    {
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var node = flows[id];
            if (node.Branch is { } branch)
            {
                id = Holds(branch.When, context) ? branch.Then : branch.Else;
                continue;
            }

            if (node.Reflect && reflectOn is { } emotion && flows.Reflections.TryGetValue(emotion, out var reflection))
            {
                outcome.Messages.Add(reflection);
                reflectOn = null;
            }

            if (node.Id == FlowNodes.SafetyScreener)
            {
                var step = screener.Next(position.ScreenerAnswers);
                if (step.Done)
                {
                    id = step.Risk switch
                    {
                        ScreenerRisk.High => FlowNodes.SafetyResultHigh,
                        ScreenerRisk.Moderate => FlowNodes.SafetyResultModerate,
                        _ => FlowNodes.SafetyResultLow,
                    };
                    continue;
                }

                if (position.ScreenerAnswers.Count == 0)
                {
                    outcome.Messages.AddRange(node.Say);
                }

                outcome.Messages.Add(step.Question!);
                Wait(node, position, outcome);
                return;
            }

            outcome.Messages.AddRange(node.Say);
            if (node.Concern is { } concern)
            {
                position.Concern = concern;
            }

            outcome.Timer = node.Timer ?? outcome.Timer;
            if (node.Resources > 0)
            {
                outcome.Resources = node.Resources;
                outcome.NoResources = node.None;
            }

            switch (node.Action)
            {
                case FlowAction.End:
                    outcome.Ended = true;
                    outcome.Node = node.Id;
                    outcome.ShowHelplines |= node.Helplines || position.Safety;
                    position.Node = null;
                    position.Concern = null;
                    return;
                case FlowAction.RequestSession:
                    outcome.RequestSession = true;
                    break;
                case FlowAction.CloseSafety:
                    // The closing reply still shows the helplines; the flag only ends the episode.
                    outcome.ShowHelplines = true;
                    position.Safety = false;
                    position.ScreenerAnswers.Clear();
                    position.AlertedSignal = null;
                    break;
            }

            outcome.ShowHelplines |= node.Helplines;
            if (node.Goto is { } next)
            {
                id = next;
                continue;
            }

            Wait(node, position, outcome);
            return;
        }

        throw new InvalidOperationException($"The flows loop without waiting for the patient near node '{id}'.");
    }

    private static bool Holds(FlowCondition condition, TurnContext context) => condition switch
    {
        FlowCondition.HasTherapist => context.HasTherapist,
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "An unknown flow condition."),
    };

    private static void Wait(FlowNode node, ConversationPosition position, TurnOutcome outcome)
    {
        position.Node = node.Id;
        outcome.Node = node.Id;
        outcome.Choices = [.. node.Choices.Select(c => new ChatChoice(c.Id, c.Label))];
        outcome.AcceptsText = node.Text is not null;
        outcome.ShowHelplines |= position.Safety;
    }

    /// <summary>Offers the waiting node again: its lines too when <paramref name="say"/>, its question and choices always.</summary>
    private void Present(ConversationPosition position, TurnOutcome outcome, bool say)
    {
        if (position.Node is not { } id)
        {
            outcome.Node = FlowNodes.Start;
            outcome.ShowHelplines = position.Safety;
            return;
        }

        var node = flows[id];
        if (node.Id == FlowNodes.SafetyScreener)
        {
            // The question is what the patient is asked to answer, so it is always repeated.
            if (screener.Next(position.ScreenerAnswers).Question is { } question)
            {
                outcome.Messages.Add(question);
            }
        }
        else if (say)
        {
            outcome.Messages.AddRange(node.Say);
            outcome.Timer = node.Timer;
        }

        Wait(node, position, outcome);
    }

    /// <summary>Lower case, curly apostrophes straight, punctuation but apostrophes and hyphens gone, single spaces.</summary>
    private static string Normalize(string text) => Spaces().Replace(Punctuation().Replace(text.ToLowerInvariant().Replace('\u2019', '\''), " "), " ").Trim();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[^\p{L}\p{N}'\- ]", RegexOptions.CultureInvariant)]
    private static partial Regex Punctuation();
}
