using System.Text;
using System.Text.Json;
using EmoteCare.Text.Crisis;

namespace EmoteCare.Text.Tests.Crisis;

/// <summary>Model JSON in train.py's format, written by tests.</summary>
internal static class ModelFiles
{
    /// <summary>A model that never flags anything: zero weights and a strongly negative bias.</summary>
    public static IndirectWordingModel Silent() => IndirectWordingModel.Load(Json());

    public static MemoryStream Json(
        int buckets = IndirectWordingFeatures.Buckets, int[]? charNgrams = null, int maxTokenLength = IndirectWordingFeatures.MaxTokenLength,
        int? weightBytes = null, double threshold = 0.5, double bias = -20)
    {
        var json = JsonSerializer.Serialize(new
        {
            name = "test",
            version = "0.0.0",
            features = new { buckets, charNgrams = charNgrams ?? [3, 4, 5], maxTokenLength, hash = "fnv1a32" },
            bias,
            threshold,
            weights = Convert.ToBase64String(new byte[weightBytes ?? (buckets * sizeof(float))]),
        });
        return new MemoryStream(Encoding.UTF8.GetBytes(json));
    }
}
