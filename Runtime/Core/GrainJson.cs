using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmoteCare.Runtime;

/// <summary>The one set of System.Text.Json options for grain state and for anything that crosses a grain call.</summary>
public static class GrainJson
{
    /// <summary>Web defaults (camelCase), enums as strings.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
