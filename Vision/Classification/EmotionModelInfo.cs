using System.Globalization;
using System.Text.Json;

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

    /// <summary>The sidecar path for a model path: same folder and name, extension .json.</summary>
    public static string SidecarPath(string modelPath) => Path.ChangeExtension(modelPath, ".json");

    /// <summary>Reads and validates the sidecar beside <paramref name="modelPath"/>.</summary>
    public static EmotionModelInfo Load(string modelPath)
    {
        var sidecar = SidecarPath(modelPath);
        if (!File.Exists(sidecar))
        {
            throw new FileNotFoundException($"The emotion model {modelPath} has no sidecar {sidecar}.", sidecar);
        }

        return Parse(File.ReadAllText(sidecar), sidecar);
    }

    /// <summary>Parses sidecar JSON; <paramref name="source"/> names the file in error messages.</summary>
    public static EmotionModelInfo Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source}: expected a JSON object.");
            }

            var (height, width) = ReadSize(root, source);
            var (pixelMin, pixelMax) = ReadPixelRange(root, source);
            var info = new EmotionModelInfo
            {
                InputName = ReadString(root, source, required: true, "input_name", "input")!,
                OutputName = ReadString(root, source, required: true, "output_name", "output_tensor")!,
                InputHeight = height,
                InputWidth = width,
                Channels = ReadChannels(root, source),
                PixelMin = pixelMin,
                PixelMax = pixelMax,
                CallerNormalisation = ReadCallerNormalisation(root, source),
                Classes = ReadClasses(root, source),
                Output = ReadOutputKind(root, source),
                Temperature = ReadTemperature(root, source),
                Version = ReadScalarText(root, "version"),
                GflopsPerFace = ReadGflops(root),
                TrainingData = ReadScalarText(root, "training_data"),
            };
            return info;
        }
    }

    private static bool TryGet(JsonElement root, out JsonElement value, params string[] names)
    {
        foreach (var property in root.EnumerateObject())
        {
            foreach (var name in names)
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    private static string? ReadString(JsonElement root, string source, bool required, params string[] names)
    {
        if (TryGet(root, out var value, names) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        if (required)
        {
            throw new InvalidDataException($"{source}: '{names[0]}' must be a non-empty string.");
        }

        return null;
    }

    private static string? ReadScalarText(JsonElement root, string name) =>
        TryGet(root, out var value, name) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Object or JsonValueKind.Array => value.GetRawText(),
            _ => null,
        } : null;

    private static (int Height, int Width) ReadSize(JsonElement root, string source)
    {
        if (!TryGet(root, out var value, "input_size", "image_size", "size"))
        {
            return (48, 48);
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var side) && side > 0)
        {
            return (side, side);
        }

        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2
            && value[0].TryGetInt32(out var height) && value[1].TryGetInt32(out var width) && height > 0 && width > 0)
        {
            return (height, width);
        }

        throw new InvalidDataException($"{source}: 'input_size' must be [height, width] or one positive number, got {value.GetRawText()}.");
    }

    private static int ReadChannels(JsonElement root, string source)
    {
        if (!TryGet(root, out var value, "channels"))
        {
            return 1;
        }

        if (value.TryGetInt32(out var channels) && channels is 1 or 3)
        {
            return channels;
        }

        throw new InvalidDataException($"{source}: 'channels' must be 1 or 3, got {value.GetRawText()}.");
    }

    private static (float Min, float Max) ReadPixelRange(JsonElement root, string source)
    {
        if (!TryGet(root, out var value, "pixel_range", "input_range"))
        {
            return (0f, 255f);
        }

        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2
            && value[0].TryGetSingle(out var min) && value[1].TryGetSingle(out var max) && max > min)
        {
            return (min, max);
        }

        throw new InvalidDataException($"{source}: 'pixel_range' must be [min, max] with max > min, got {value.GetRawText()}.");
    }

    private static (float Mean, float Std)? ReadCallerNormalisation(JsonElement root, string source)
    {
        // Only an explicit statement that the graph does NOT normalise makes the caller do it;
        // applying a documented in-graph normalisation twice would silently ruin every prediction.
        if (!TryGet(root, out var value, "normalisation", "normalization") || value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (!TryGet(value, out var inGraph, "in_graph", "inside_graph") || inGraph.ValueKind != JsonValueKind.False)
        {
            return null;
        }

        if (TryGet(value, out var mean, "mean") && mean.TryGetSingle(out var m)
            && TryGet(value, out var std, "std") && std.TryGetSingle(out var s) && s > 0)
        {
            return (m, s);
        }

        throw new InvalidDataException($"{source}: 'normalisation' with in_graph false needs numeric 'mean' and positive 'std'.");
    }

    private static Emotion[] ReadClasses(JsonElement root, string source)
    {
        if (!TryGet(root, out var value, "classes", "labels", "class_names") || value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{source}: 'classes' must list the {EmotionProbabilities.Count} FER classes in output order.");
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

        if (classes.Count != EmotionProbabilities.Count)
        {
            throw new InvalidDataException($"{source}: 'classes' has {classes.Count} entries, the FER set has {EmotionProbabilities.Count}.");
        }

        return classes.ToArray();
    }

    private static EmotionModelOutput ReadOutputKind(JsonElement root, string source)
    {
        if (!TryGet(root, out var value, "output", "output_kind"))
        {
            return EmotionModelOutput.Logits;
        }

        return value.GetString()?.Trim().ToLowerInvariant() switch
        {
            "logits" => EmotionModelOutput.Logits,
            "probabilities" or "probs" or "softmax" => EmotionModelOutput.Probabilities,
            _ => throw new InvalidDataException($"{source}: 'output' must be \"logits\" or \"probabilities\", got {value.GetRawText()}."),
        };
    }

    private static float ReadTemperature(JsonElement root, string source)
    {
        if (!TryGet(root, out var value, "temperature") || value.ValueKind == JsonValueKind.Null)
        {
            return 1f;
        }

        if (value.TryGetSingle(out var temperature) && temperature > 0 && float.IsFinite(temperature))
        {
            return temperature;
        }

        throw new InvalidDataException($"{source}: 'temperature' must be a positive number, got {value.GetRawText()}.");
    }

    private static double? ReadGflops(JsonElement root)
    {
        // Training scripts state cost in different units; look at the top level and one level down.
        foreach (var scope in new[] { root }.Concat(root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object).Select(p => p.Value)))
        {
            if (TryGet(scope, out var value, "gflops_per_face", "gflops") && value.TryGetDouble(out var gflops) && gflops > 0)
            {
                return gflops;
            }

            if (TryGet(scope, out value, "flops_per_face", "flops") && value.TryGetDouble(out var flops) && flops > 0)
            {
                return flops / 1e9;
            }

            if (TryGet(scope, out value, "multiply_adds", "macs") && value.TryGetDouble(out var macs) && macs > 0)
            {
                return 2 * macs / 1e9;
            }
        }

        return null;
    }

    /// <summary>Formats the model for logs: version, input and cost.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"emotion model {Version ?? "(no version)"}: {InputName} [N,{Channels},{InputHeight},{InputWidth}] -> {OutputName} ({Output}, T={Temperature})");
}
