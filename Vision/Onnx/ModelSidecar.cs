using System.Text.Json;

namespace EmoteCare.Vision.Onnx;

/// <summary>
/// The sidecar JSON beside each of our models (<c>x.onnx</c> + <c>x.json</c>): where it is, and its root object, with
/// errors that name the file. What the sidecar holds is each model's own (<c>EmotionModelInfo</c>, <c>TextEmotionModelInfo</c>).
/// </summary>
public static class ModelSidecar
{
    /// <summary>The sidecar path for a model path: same folder and name, extension .json.</summary>
    public static string PathOf(string modelPath) => Path.ChangeExtension(modelPath, ".json");

    /// <summary>Reads the sidecar beside <paramref name="modelPath"/> (of the <paramref name="model"/>, for the error) and parses it.</summary>
    public static T Load<T>(string modelPath, string model, Func<string, string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var sidecar = PathOf(modelPath);
        if (!File.Exists(sidecar))
        {
            throw new FileNotFoundException($"The {model} {modelPath} has no sidecar {sidecar}.", sidecar);
        }

        return parse(File.ReadAllText(sidecar), sidecar);
    }

    /// <summary>Hands the root object of <paramref name="json"/> to <paramref name="read"/>; <paramref name="source"/> names the file in errors.</summary>
    public static T Parse<T>(string json, string source, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? read(document.RootElement)
                : throw new InvalidDataException($"{source}: expected a JSON object.");
        }
    }
}
