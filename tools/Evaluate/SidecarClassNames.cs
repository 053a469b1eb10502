using System.Text.Json;
using EmoteCare.Vision.Classification;
using EmoteCare.Vision.Onnx;

namespace EmoteCare.Evaluate;

/// <summary>The class names as the sidecar spells them, in the model's output order.</summary>
internal static class SidecarClassNames
{
    /// <summary>
    /// Reads the names from the sidecar's class list. <see cref="EmotionModelInfo"/> keeps only the parsed
    /// <see cref="Emotion"/> values (it accepts aliases such as "anger"), but the folders and the report
    /// should use the sidecar's own words; where the list cannot be read, the canonical names stand in.
    /// </summary>
    public static IReadOnlyList<string> Read(string modelPath, EmotionModelInfo model)
    {
        var canonical = model.Classes.Select(e => e.ToString().ToLowerInvariant()).ToArray();
        try
        {
            using var document = JsonDocument.Parse(
                File.ReadAllText(ModelSidecar.PathOf(modelPath)),
                new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.ToLowerInvariant() is "classes" or "labels" or "class_names"
                    && property.Value.ValueKind == JsonValueKind.Array
                    && property.Value.GetArrayLength() == canonical.Length
                    && property.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
                {
                    return property.Value.EnumerateArray().Select(v => v.GetString()!.Trim()).ToArray();
                }
            }
        }
        catch (JsonException)
        {
            // EmotionModelInfo.Load already parsed this file; a failure here only loses the spelling.
        }

        return canonical;
    }
}
