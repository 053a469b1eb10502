using System.Globalization;
using System.Text.Json;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Onnx;

namespace EmoteCare.Text;

/// <summary>
/// The sidecar JSON beside the text emotion model (<c>emotion-text.onnx</c> + <c>emotion-text.json</c>), as
/// <c>models/training/text/train.py</c> writes it: the file's checksum, the graph's input and output, the class order,
/// the calibrated thresholds and the tokenizer the model was trained with.
/// </summary>
public sealed record TextEmotionModelInfo
{
    /// <summary>The model's name, e.g. <c>emotion-text</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The model's version label.</summary>
    public required string Version { get; init; }

    /// <summary>SHA-256 of the ONNX file, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Name of the int64 input [batch, tokens].</summary>
    public required string InputName { get; init; }

    /// <summary>Name of the float output [batch, 7] of probabilities.</summary>
    public required string OutputName { get; init; }

    /// <summary>The output's classes in output order.</summary>
    public required IReadOnlyList<Emotion> Classes { get; init; }

    /// <summary>Per-class decision thresholds, indexed by <see cref="Emotion"/>.</summary>
    public required IReadOnlyList<float> Thresholds { get; init; }

    /// <summary>The vocabulary file, relative to the sidecar's folder.</summary>
    public required string VocabularyFile { get; init; }

    /// <summary>SHA-256 of the vocabulary file, lower-case hex.</summary>
    public required string VocabularySha256 { get; init; }

    /// <summary>Macro-F1 the model reached on the split it never trained on, if the sidecar states it.</summary>
    public double? MacroF1 { get; init; }

    /// <summary>Reads and validates the sidecar beside <paramref name="modelPath"/>.</summary>
    public static TextEmotionModelInfo Load(string modelPath) => ModelSidecar.Load(modelPath, "text emotion model", Parse);

    /// <summary>
    /// Parses a sidecar. Refuses one whose tokenizer settings differ from <see cref="TextTokenizer"/>'s, whose classes
    /// are not the seven <see cref="Emotion"/>s once each, or whose thresholds are not seven values in (0, 1).
    /// <paramref name="source"/> names the file in error messages.
    /// </summary>
    public static TextEmotionModelInfo Parse(string json, string source) => ModelSidecar.Parse(json, source, root =>
    {
        var tokenizer = Member(root, "tokenizer", JsonValueKind.Object, source);
        CheckTokenizer(tokenizer, source);
        var vocabulary = Member(tokenizer, "vocabulary", JsonValueKind.Object, source, "tokenizer.");
        var classes = ReadClasses(root, source);
        return new TextEmotionModelInfo
        {
            Name = Text(root, "name", source),
            Version = Text(root, "version", source),
            Sha256 = Hex(Text(root, "sha256", source), "sha256", source),
            InputName = Text(Member(root, "input", JsonValueKind.Object, source), "name", source, "input."),
            OutputName = Text(Member(root, "output", JsonValueKind.Object, source), "name", source, "output."),
            Classes = classes,
            Thresholds = ReadThresholds(root, classes, source),
            VocabularyFile = Text(vocabulary, "file", source, "tokenizer.vocabulary."),
            VocabularySha256 = Hex(Text(vocabulary, "sha256", source, "tokenizer.vocabulary."), "tokenizer.vocabulary.sha256", source),
            MacroF1 = root.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object
                && metrics.TryGetProperty("macro_f1", out var f1) && f1.ValueKind == JsonValueKind.Number ? f1.GetDouble() : null,
        };
    });

    private static void CheckTokenizer(JsonElement tokenizer, string source)
    {
        var kind = Text(tokenizer, "kind", source, "tokenizer.");
        if (kind != TextTokenizer.Kind)
        {
            throw new InvalidDataException($"{source}: tokenizer.kind is '{kind}', this build reads '{TextTokenizer.Kind}'.");
        }

        (string Name, int Expected)[] settings =
        [
            ("max_tokens", TextTokenizer.MaxTokens),
            ("pad_id", TextTokenizer.PadId),
            ("unknown_id", TextTokenizer.UnknownId),
            ("first_word_id", TextTokenizer.FirstWordId),
        ];
        foreach (var (name, expected) in settings)
        {
            var value = Member(tokenizer, name, JsonValueKind.Number, source, "tokenizer.");
            if (!value.TryGetInt32(out var actual) || actual != expected)
            {
                throw new InvalidDataException($"{source}: tokenizer.{name} is {value.GetRawText()}, the tokenizer in this build uses {expected}.");
            }
        }
    }

    private static Emotion[] ReadClasses(JsonElement root, string source)
    {
        var array = Member(root, "classes", JsonValueKind.Array, source);
        var classes = new List<Emotion>();
        foreach (var item in array.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (name is null || !Enum.TryParse<Emotion>(name, ignoreCase: true, out var emotion) || !Enum.IsDefined(emotion) || int.TryParse(name, out _))
            {
                throw new InvalidDataException($"{source}: classes holds {item.GetRawText()}, not one of {string.Join(", ", Enum.GetNames<Emotion>())}.");
            }

            classes.Add(emotion);
        }

        if (classes.Count != Emotions.Count || classes.Distinct().Count() != Emotions.Count)
        {
            throw new InvalidDataException($"{source}: classes must name each of the {Emotions.Count} emotions once; it has [{string.Join(", ", classes)}].");
        }

        return [.. classes];
    }

    private static float[] ReadThresholds(JsonElement root, IReadOnlyList<Emotion> classes, string source)
    {
        var array = Member(root, "thresholds", JsonValueKind.Array, source);
        if (array.GetArrayLength() != classes.Count)
        {
            throw new InvalidDataException($"{source}: thresholds has {array.GetArrayLength()} values for {classes.Count} classes.");
        }

        var byEmotion = new float[Emotions.Count];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || item.GetDouble() is not (> 0 and < 1))
            {
                throw new InvalidDataException($"{source}: thresholds[{i}] is {item.GetRawText()}, expected a number between 0 and 1.");
            }

            byEmotion[(int)classes[i++]] = item.GetSingle();
        }

        return byEmotion;
    }

    private static JsonElement Member(JsonElement parent, string name, JsonValueKind kind, string source, string prefix = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != kind)
        {
            throw new InvalidDataException($"{source}: {prefix}{name} is missing or not a JSON {kind.ToString().ToLowerInvariant()}.");
        }

        return value;
    }

    private static string Text(JsonElement parent, string name, string source, string prefix = "")
    {
        var value = Member(parent, name, JsonValueKind.String, source, prefix).GetString();
        return string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"{source}: {prefix}{name} is empty.") : value;
    }

    private static string Hex(string value, string name, string source) =>
        value.Length == 64 && value.All(char.IsAsciiHexDigitLower)
            ? value
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{source}: {name} is not 64 lower-case hex digits."));
}
