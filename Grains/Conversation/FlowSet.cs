using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Conversation;

/// <summary>A condition a branch node can test; the only ones the flows may use.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FlowCondition>))]
public enum FlowCondition
{
    /// <summary>The patient has an assigned therapist.</summary>
    HasTherapist,
}

/// <summary>Something a node makes the conversation do besides speaking.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FlowAction>))]
public enum FlowAction
{
    /// <summary>No side effect.</summary>
    None,

    /// <summary>The conversation ends; the next message starts a new one.</summary>
    End,

    /// <summary>Asks the patient's therapist, through their inbox, to book a session.</summary>
    RequestSession,

    /// <summary>Leaves the safety flow, after the screener and an explicit "I'm safe".</summary>
    CloseSafety,
}

/// <summary>An answer a node offers.</summary>
/// <param name="Id">Stable id within the node.</param>
/// <param name="Label">The button's text.</param>
/// <param name="Next">The node it leads to.</param>
public sealed record FlowChoice(string Id, string Label, string Next);

/// <summary>A routing node's test: <see cref="Then"/> when <see cref="When"/> holds, else <see cref="Else"/>.</summary>
public sealed record FlowBranch(FlowCondition When, string Then, string Else);

/// <summary>
/// One authored step of a flow. A node says its lines, then either continues at <see cref="Goto"/> (its lines and the
/// next node's form one reply) or waits for the patient: a tapped <see cref="Choices"/> entry, or typed text, which goes
/// to <see cref="Text"/> (or to the repair node when the node takes no text). A <see cref="Branch"/> node says nothing
/// and routes.
/// </summary>
public sealed record FlowNode
{
    /// <summary>Unique across all flows.</summary>
    public required string Id { get; init; }

    /// <summary>The authored lines, in order.</summary>
    public IReadOnlyList<string> Say { get; init; } = [];

    /// <summary>Answers to tap.</summary>
    public IReadOnlyList<FlowChoice> Choices { get; init; } = [];

    /// <summary>Where typed text goes; null when the node expects a tap.</summary>
    public string? Text { get; init; }

    /// <summary>Where the node continues without waiting.</summary>
    public string? Goto { get; init; }

    /// <summary>Routes without speaking.</summary>
    public FlowBranch? Branch { get; init; }

    /// <summary>When reached from typed text, the reply opens with the hedged reflection of the emotion the text model read.</summary>
    public bool Reflect { get; init; }

    /// <summary>A concern tag the node records for resource suggestions ("sleep", "anxiety").</summary>
    public string? Concern { get; init; }

    /// <summary>A timed exercise the reply carries.</summary>
    public ExerciseTimer? Timer { get; init; }

    /// <summary>How many resources to suggest with the reply; 0 for none.</summary>
    public int Resources { get; init; }

    /// <summary>Lines said instead of <see cref="Say"/> when resources were asked for and none could be found.</summary>
    public IReadOnlyList<string> None { get; init; } = [];

    /// <summary>Whether the reply shows the helplines of the patient's country.</summary>
    public bool Helplines { get; init; }

    /// <summary>A side effect.</summary>
    public FlowAction Action { get; init; }
}

/// <summary>One authored flow file: its name, version and nodes; the global file also holds commands and reflections.</summary>
public sealed record FlowFile
{
    /// <summary>The flow's name (the file's name).</summary>
    public required string Flow { get; init; }

    /// <summary>Its version, raised with every change of wording or structure.</summary>
    public required string Version { get; init; }

    /// <summary>Its nodes.</summary>
    public IReadOnlyList<FlowNode> Nodes { get; init; } = [];

    /// <summary>Phrases per global command (stop, help, person) that work from anywhere.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Commands { get; init; }

    /// <summary>The hedged reflection line per emotion the text model may read (neutral has none).</summary>
    public IReadOnlyDictionary<Emotion, string>? Reflections { get; init; }
}

/// <summary>
/// Every authored flow, loaded from the JSON files embedded from <c>Grains/Conversation/Flows</c>. The flows are data:
/// wording and structure change there, with the file's version, never in code. <see cref="Problems"/> lists what is
/// wrong with a set; the loader refuses a set with problems.
/// </summary>
public sealed class FlowSet
{
    /// <summary>Nodes the engine enters by name; every flow set must have them.</summary>
    public static readonly IReadOnlyList<string> EntryNodes =
    [
        FlowNodes.Start, FlowNodes.Repair, FlowNodes.Help, FlowNodes.Stop, FlowNodes.Person, FlowNodes.NotEnglish, FlowNodes.SlowDown,
        FlowNodes.CheckUnavailable, FlowNodes.SafetyStart, FlowNodes.SafetySos, FlowNodes.SafetyAgain, FlowNodes.SafetyScreener, FlowNodes.SafetyRepair,
        FlowNodes.SafetyStop, FlowNodes.SafetyHelp, FlowNodes.SafetyResultHigh, FlowNodes.SafetyResultModerate, FlowNodes.SafetyResultLow,
    ];

    /// <summary>The global commands the flows must give phrases for.</summary>
    public static readonly IReadOnlyList<string> CommandNames = [FlowCommands.Stop, FlowCommands.Help, FlowCommands.Person, FlowCommands.Yes, FlowCommands.No];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private const string ResourcePrefix = "EmoteCare.Grains.Conversation.Flows.";

    private readonly FrozenDictionary<string, FlowNode> _nodes;
    private readonly FrozenDictionary<string, FlowFile> _fileOf;

    /// <summary>Builds a set from parsed files, without checking it; see <see cref="Problems"/>.</summary>
    public FlowSet(IReadOnlyList<FlowFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Files = files;
        var nodes = new Dictionary<string, FlowNode>(StringComparer.Ordinal);
        var fileOf = new Dictionary<string, FlowFile>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        foreach (var file in files)
        {
            foreach (var node in file.Nodes)
            {
                if (!nodes.TryAdd(node.Id, node))
                {
                    duplicates.Add(node.Id);
                }

                fileOf.TryAdd(node.Id, file);
            }
        }

        _nodes = nodes.ToFrozenDictionary(StringComparer.Ordinal);
        _fileOf = fileOf.ToFrozenDictionary(StringComparer.Ordinal);
        DuplicateIds = duplicates;
        Commands = files.SelectMany(f => f.Commands ?? new Dictionary<string, IReadOnlyList<string>>())
            .ToFrozenDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        Reflections = files.SelectMany(f => f.Reflections ?? new Dictionary<Emotion, string>()).ToFrozenDictionary();
    }

    /// <summary>The files, as loaded.</summary>
    public IReadOnlyList<FlowFile> Files { get; }

    /// <summary>Every node by id.</summary>
    public IReadOnlyDictionary<string, FlowNode> Nodes => _nodes;

    /// <summary>Phrases per global command.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Commands { get; }

    /// <summary>The hedged reflection per emotion.</summary>
    public IReadOnlyDictionary<Emotion, string> Reflections { get; }

    private IReadOnlyList<string> DuplicateIds { get; }

    /// <summary>The node with this id.</summary>
    /// <exception cref="KeyNotFoundException">No node has it.</exception>
    public FlowNode this[string id] => _nodes.TryGetValue(id, out var node) ? node : throw new KeyNotFoundException($"No flow node is called '{id}'.");

    /// <summary>Whether a node has this id.</summary>
    public bool Contains(string id) => _nodes.ContainsKey(id);

    /// <summary>"flow@version" of the file that holds the node.</summary>
    public string VersionOf(string nodeId) => _fileOf.TryGetValue(nodeId, out var file) ? $"{file.Flow}@{file.Version}" : "unknown";

    /// <summary>The flows embedded in this assembly, checked.</summary>
    /// <exception cref="InvalidOperationException">A file does not parse, or the set has problems (each one named).</exception>
    public static FlowSet LoadEmbedded()
    {
        var assembly = typeof(FlowSet).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => Parse(name, assembly))
            .ToList();
        var set = new FlowSet(files);
        var problems = set.Problems();
        return problems.Count == 0
            ? set
            : throw new InvalidOperationException($"The authored flows have {problems.Count} problems: {string.Join(" ", problems)}");
    }

    /// <summary>
    /// What is wrong with the set: duplicate or missing nodes, targets that do not exist, nodes no path reaches, nodes
    /// that neither wait nor continue, and lines that fail <see cref="PlainLanguage"/>. Empty when the set is sound.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        problems.AddRange(DuplicateIds.Select(id => $"Node '{id}' is defined twice."));
        problems.AddRange(EntryNodes.Where(id => !Contains(id)).Select(id => $"The engine needs node '{id}', which no flow defines."));
        problems.AddRange(CommandNames.Where(c => !Commands.TryGetValue(c, out var phrases) || phrases.Count == 0).Select(c => $"The global command '{c}' has no phrases."));
        foreach (var emotion in Enum.GetValues<Emotion>().Where(e => e != Emotion.Neutral))
        {
            if (!Reflections.ContainsKey(emotion))
            {
                problems.Add($"No reflection is authored for {emotion}.");
            }
        }

        foreach (var file in Files)
        {
            if (string.IsNullOrWhiteSpace(file.Version))
            {
                problems.Add($"Flow '{file.Flow}' has no version.");
            }
        }

        foreach (var node in _nodes.Values)
        {
            foreach (var (what, target) in Targets(node))
            {
                if (!Contains(target))
                {
                    problems.Add($"Node '{node.Id}' {what} '{target}', which does not exist.");
                }
            }

            var waits = node.Choices.Count > 0 || node.Text is not null;
            var continues = node.Goto is not null || node.Branch is not null;
            if (waits && continues)
            {
                problems.Add($"Node '{node.Id}' both waits for the patient and continues on its own.");
            }

            if (!waits && !continues && node.Action != FlowAction.End && !IsEngineRouted(node.Id))
            {
                problems.Add($"Node '{node.Id}' neither waits for the patient, continues, nor ends: the conversation would be stuck there.");
            }

            if (node.Branch is not null && node.Say.Count > 0)
            {
                problems.Add($"Branch node '{node.Id}' says something; branches only route.");
            }

            if (node.Resources is < 0 or > 10)
            {
                problems.Add($"Node '{node.Id}' asks for {node.Resources} resources; 0 to 10.");
            }

            if (node.Resources > 0 && node.None.Count == 0)
            {
                problems.Add($"Node '{node.Id}' suggests resources but has no lines for when none are found.");
            }

            if (node.Timer is { } timer && (timer.Rounds < 1 || timer.Phases.Count == 0 || timer.Phases.Any(p => p.Seconds < 1)))
            {
                problems.Add($"Node '{node.Id}' has a timer without rounds or phases.");
            }

            foreach (var choice in node.Choices.GroupBy(c => c.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                problems.Add($"Node '{node.Id}' offers choice '{choice.Key}' twice.");
            }

            foreach (var line in node.Say.Concat(node.None).Concat(node.Choices.Select(c => c.Label)))
            {
                problems.AddRange(PlainLanguage.Problems(line).Select(p => $"Node '{node.Id}': {p}"));
            }
        }

        foreach (var line in Reflections.Values)
        {
            problems.AddRange(PlainLanguage.Problems(line).Select(p => $"Reflection: {p}"));
            if (!line.StartsWith("It sounds like", StringComparison.Ordinal) || !line.Contains("might", StringComparison.Ordinal))
            {
                problems.Add($"Reflection '{line}' is not hedged (\"It sounds like ... might ...\").");
            }
        }

        var reachable = Reachable();
        problems.AddRange(_nodes.Keys.Where(id => !reachable.Contains(id)).Order(StringComparer.Ordinal).Select(id => $"Node '{id}' cannot be reached."));
        return problems;
    }

    /// <summary>Nodes reachable from the engine's entry nodes.</summary>
    public IReadOnlySet<string> Reachable()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(EntryNodes.Where(Contains));
        while (queue.TryDequeue(out var id))
        {
            if (!seen.Add(id))
            {
                continue;
            }

            foreach (var (_, target) in Targets(_nodes[id]))
            {
                if (Contains(target) && !seen.Contains(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return seen;
    }

    /// <summary>The screener node waits through the engine, which asks the screener's questions.</summary>
    private static bool IsEngineRouted(string id) =>
        id == FlowNodes.SafetyScreener || id == FlowNodes.Repair || id == FlowNodes.NotEnglish || id == FlowNodes.SlowDown || id == FlowNodes.CheckUnavailable;

    private static IEnumerable<(string What, string Target)> Targets(FlowNode node)
    {
        foreach (var choice in node.Choices)
        {
            yield return ($"offers choice '{choice.Id}' leading to", choice.Next);
        }

        if (node.Text is { } text)
        {
            yield return ("sends typed text to", text);
        }

        if (node.Goto is { } next)
        {
            yield return ("continues at", next);
        }

        if (node.Branch is { } branch)
        {
            yield return ("branches to", branch.Then);
            yield return ("branches to", branch.Else);
        }
    }

    private static FlowFile Parse(string resourceName, Assembly assembly)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        try
        {
            return JsonSerializer.Deserialize<FlowFile>(stream, Json) ?? throw new InvalidOperationException($"Flow file {resourceName} is empty.");
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"Flow file {resourceName} does not parse: {exception.Message}", exception);
        }
    }

    /// <summary>Parses one flow file's JSON (for tests of the checks).</summary>
    public static FlowFile ParseJson(string json) => JsonSerializer.Deserialize<FlowFile>(json, Json) ?? throw new InvalidOperationException("The flow file is empty.");
}

/// <summary>Names of the nodes the engine enters itself.</summary>
public static class FlowNodes
{
    /// <summary>The first node of every conversation.</summary>
    public const string Start = "start";

    /// <summary>Said when a message fits nothing the current node expects.</summary>
    public const string Repair = "global.repair";

    /// <summary>The "help" command.</summary>
    public const string Help = "global.help";

    /// <summary>The "stop" command outside the safety flow.</summary>
    public const string Stop = "global.stop";

    /// <summary>The "talk to a person" command.</summary>
    public const string Person = "global.person";

    /// <summary>Said to a message that is not in English.</summary>
    public const string NotEnglish = "global.not-english";

    /// <summary>Said to a message over the rate limit.</summary>
    public const string SlowDown = "global.slow-down";

    /// <summary>Said, with the helplines, to a message the crisis detector could not check.</summary>
    public const string CheckUnavailable = "global.check-unavailable";

    /// <summary>Entered on a crisis signal.</summary>
    public const string SafetyStart = "safety.start";

    /// <summary>Entered on SOS.</summary>
    public const string SafetySos = "safety.sos";

    /// <summary>A new crisis signal while already in the safety flow.</summary>
    public const string SafetyAgain = "safety.again";

    /// <summary>Where the engine asks the screener's questions.</summary>
    public const string SafetyScreener = "safety.screener";

    /// <summary>An answer to a screener question that is neither yes nor no.</summary>
    public const string SafetyRepair = "safety.repair";

    /// <summary>The "stop" command in the safety flow: questions pause, helplines stay.</summary>
    public const string SafetyStop = "safety.stop";

    /// <summary>The "help" and "talk to a person" commands in the safety flow.</summary>
    public const string SafetyHelp = "safety.help";

    /// <summary>After the screener, by risk.</summary>
    public const string SafetyResultHigh = "safety.result.high";

    /// <summary>After the screener, by risk.</summary>
    public const string SafetyResultModerate = "safety.result.moderate";

    /// <summary>After the screener, by risk (low or none).</summary>
    public const string SafetyResultLow = "safety.result.low";
}

/// <summary>Names of the global commands.</summary>
public static class FlowCommands
{
    /// <summary>Ends the conversation (or pauses the safety questions).</summary>
    public const string Stop = "stop";

    /// <summary>Says what the bot can do.</summary>
    public const string Help = "help";

    /// <summary>Reaches a human: the patient's therapist, or local services.</summary>
    public const string Person = "person";

    /// <summary>Typed answers that count as yes to a screener question (not a command outside it).</summary>
    public const string Yes = "yes";

    /// <summary>Typed answers that count as no to a screener question (not a command outside it).</summary>
    public const string No = "no";
}
