using System.Globalization;
using System.Text.Json;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Onnx;

namespace EmoteCare.Vision.Classification;

/// <summary>What the emotion model produces: raw logits or probabilities.</summary>
public enum EmotionModelOutput
{
    /// <summary>Unnormalised scores; the classifier applies softmax.</summary>
    Logits,

    /// <summary>Probabilities; the classifier only applies the temperature.</summary>
    Probabilities,
}

/// <summary>
/// The sidecar JSON that sits beside an emotion model (<c>emotion-fer.onnx</c> + <c>emotion-fer.json</c>):
/// how to feed the model and how to read its output. Field names are matched case-insensitively and a
/// few spellings are accepted; unknown fields are ignored.
/// </summary>
public sealed record EmotionModelInfo
{
    private static readonly Dictionary<string, Emotion> ClassNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["angry"] = Emotion.Angry,
        ["anger"] = Emotion.Angry,
        ["disgust"] = Emotion.Disgust,
        ["disgusted"] = Emotion.Disgust,
        ["fear"] = Emotion.Fear,
        ["fearful"] = Emotion.Fear,
        ["scared"] = Emotion.Fear,
        ["happy"] = Emotion.Happy,
        ["happiness"] = Emotion.Happy,
        ["joy"] = Emotion.Happy,
        ["sad"] = Emotion.Sad,
        ["sadness"] = Emotion.Sad,
        ["surprise"] = Emotion.Surprise,
        ["surprised"] = Emotion.Surprise,
        ["neutral"] = Emotion.Neutral,
    };

    /// <summary>Name of the model's float input [N, channels, height, width].</summary>
    public required string InputName { get; init; }

    /// <summary>Name of the model's output [N, 7].</summary>
    public required string OutputName { get; init; }

    /// <summary>Input width in pixels.</summary>
    public required int InputWidth { get; init; }

    /// <summary>Input height in pixels.</summary>
    public required int InputHeight { get; init; }

    /// <summary>1 (gray) or 3 (the gray crop is repeated on each channel).</summary>
    public int Channels { get; init; } = 1;

    /// <summary>The value a black pixel is fed as.</summary>
    public float PixelMin { get; init; }

    /// <summary>The value a white pixel is fed as.</summary>
    public float PixelMax { get; init; } = 255f;

    /// <summary>
    /// Mean and standard deviation the caller must apply after the pixel range mapping; null when the
    /// graph normalises itself (the contract of the project's models).
    /// </summary>
    public (float Mean, float Std)? CallerNormalisation { get; init; }

    /// <summary>The model's output classes in output order.</summary>
    public required IReadOnlyList<Emotion> Classes { get; init; }

    /// <summary>Logits or probabilities.</summary>
    public EmotionModelOutput Output { get; init; } = EmotionModelOutput.Logits;

    /// <summary>Softmax temperature (calibration): probabilities = softmax(logits / T).</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>The model's version label, if the sidecar has one.</summary>
    public string? Version { get; init; }

    /// <summary>Cost of one face in GFLOP (2 x multiply-adds), if the sidecar states it.</summary>
    public double? GflopsPerFace { get; init; }

    /// <summary>The sidecar's description of the training data, if any.</summary>
    public string? TrainingData { get; init; }

    /// <summary>Reads and validates the sidecar beside <paramref name="modelPath"/>.</summary>
    public static EmotionModelInfo Load(string modelPath) => ModelSidecar.Load(modelPath, "emotion model", Parse);

    /// <summary>
    /// Parses the sidecar that <c>models/training/export.py</c> writes: <c>input</c> {name, height, width, channels,
    /// pixel_range}, <c>normalization</c> {inside_graph, mean, std}, <c>output</c> {name, kind}, <c>classes</c>,
    /// <c>temperature</c>, <c>version</c>, <c>cost</c> {gflops_per_face}, <c>training_data</c>. <paramref name="source"/>
    /// names the file in error messages.
    /// </summary>
    public static EmotionModelInfo Parse(string json, string source) => ModelSidecar.Parse(json, source, root =>
    {
        var input = Section(root, "input", source);
        var output = Section(root, "output", source);
        var (pixelMin, pixelMax) = ReadPixelRange(input, source);
        return new EmotionModelInfo
        {
            InputName = ReadName(input, "input.name", source),
            OutputName = ReadName(output, "output.name", source),
            InputHeight = ReadSide(input, "height", source),
            InputWidth = ReadSide(input, "width", source),
            Channels = ReadChannels(input, source),
            PixelMin = pixelMin,
            PixelMax = pixelMax,
            CallerNormalisation = ReadCallerNormalisation(root, source),
            Classes = ReadClasses(root, source),
            Output = ReadOutputKind(output, source),
            Temperature = ReadTemperature(root, source),
            Version = root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String ? version.GetString() : null,
            GflopsPerFace = root.TryGetProperty("cost", out var cost) && cost.ValueKind == JsonValueKind.Object
                && cost.TryGetProperty("gflops_per_face", out var gflops) && gflops.TryGetDouble(out var value) && value > 0 ? value : null,
            TrainingData = root.TryGetProperty("training_data", out var data) && data.ValueKind == JsonValueKind.String ? data.GetString() : null,
        };
    });

    private static JsonElement Section(JsonElement root, string name, string source) =>
        root.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object
            ? section
            : throw new InvalidDataException($"{source}: '{name}' must be an object.");

    private static string ReadName(JsonElement section, string field, string source) =>
        section.TryGetProperty("name", out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } name
            ? name
            : throw new InvalidDataException($"{source}: '{field}' must be a non-empty string.");

    private static int ReadSide(JsonElement input, string name, string source) =>
        input.TryGetProperty(name, out var value) && value.TryGetInt32(out var side) && side > 0
            ? side
            : throw new InvalidDataException($"{source}: 'input.{name}' must be a positive integer.");

    private static int ReadChannels(JsonElement input, string source)
    {
        if (!input.TryGetProperty("channels", out var value))
        {
            return 1;
        }

        return value.TryGetInt32(out var channels) && channels is 1 or 3
            ? channels
            : throw new InvalidDataException($"{source}: 'input.channels' must be 1 or 3, got {value.GetRawText()}.");
    }

    private static (float Min, float Max) ReadPixelRange(JsonElement input, string source)
    {
        if (!input.TryGetProperty("pixel_range", out var value))
        {
            return (0f, 255f);
        }

        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2
            && value[0].TryGetSingle(out var min) && value[1].TryGetSingle(out var max) && max > min)
        {
            return (min, max);
        }

        throw new InvalidDataException($"{source}: 'input.pixel_range' must be [min, max] with max > min, got {value.GetRawText()}.");
    }

    private static (float Mean, float Std)? ReadCallerNormalisation(JsonElement root, string source)
    {
        // Only an explicit statement that the graph does NOT normalise makes the caller do it;
        // applying a documented in-graph normalisation twice would silently ruin every prediction.
        if (!root.TryGetProperty("normalization", out var value) || value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("inside_graph", out var inGraph) || inGraph.ValueKind != JsonValueKind.False)
        {
            return null;
        }

        if (value.TryGetProperty("mean", out var mean) && mean.TryGetSingle(out var m)
            && value.TryGetProperty("std", out var std) && std.TryGetSingle(out var s) && s > 0)
        {
            return (m, s);
        }

        throw new InvalidDataException($"{source}: 'normalization' with inside_graph false needs numeric 'mean' and positive 'std'.");
    }

    private static Emotion[] ReadClasses(JsonElement root, string source)
    {
        if (!root.TryGetProperty("classes", out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{source}: 'classes' must list the {Emotions.Count} FER classes in output order.");
        }

        var classes = new List<Emotion>();
        foreach (var item in value.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (name is null || !ClassNames.TryGetValue(name.Trim(), out var emotion))
            {
                throw new InvalidDataException(
                    $"{source}: unknown class {item.GetRawText()}; expected the FER classes angry, disgust, fear, happy, sad, surprise, neutral.");
            }

            if (classes.Contains(emotion))
            {
                throw new InvalidDataException($"{source}: class '{name}' appears twice.");
            }

            classes.Add(emotion);
        }

        if (classes.Count != Emotions.Count)
        {
            throw new InvalidDataException($"{source}: 'classes' has {classes.Count} entries, the FER set has {Emotions.Count}.");
        }

        return classes.ToArray();
    }

    private static EmotionModelOutput ReadOutputKind(JsonElement output, string source)
    {
        if (!output.TryGetProperty("kind", out var value))
        {
            return EmotionModelOutput.Logits;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() switch
        {
            "logits" => EmotionModelOutput.Logits,
            "probabilities" => EmotionModelOutput.Probabilities,
            _ => throw new InvalidDataException($"{source}: 'output.kind' must be \"logits\" or \"probabilities\", got {value.GetRawText()}."),
        } : throw new InvalidDataException($"{source}: 'output.kind' must be \"logits\" or \"probabilities\", got {value.GetRawText()}.");
    }

    private static float ReadTemperature(JsonElement root, string source)
    {
        if (!root.TryGetProperty("temperature", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return 1f;
        }

        if (value.TryGetSingle(out var temperature) && temperature > 0 && float.IsFinite(temperature))
        {
            return temperature;
        }

        throw new InvalidDataException($"{source}: 'temperature' must be a positive number, got {value.GetRawText()}.");
    }

    /// <summary>Formats the model for logs: version, input and cost.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"emotion model {Version ?? "(no version)"}: {InputName} [N,{Channels},{InputHeight},{InputWidth}] -> {OutputName} ({Output}, T={Temperature})");
}
