using EmoteCare.Runtime.Core;

namespace EmoteCare.Runtime;

/// <summary>Key accessors with Orleans' names.</summary>
public static class GrainExtensions
{
    /// <summary>The grain's string key.</summary>
    public static string GetPrimaryKeyString(this Grain grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.GrainId.Key;
    }

    /// <summary>The grain's Guid key.</summary>
    /// <exception cref="InvalidOperationException">The grain's key is not a Guid.</exception>
    public static Guid GetPrimaryKey(this Grain grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return Guid.TryParseExact(grain.GrainId.Key, "N", out var key)
            ? key
            : throw new InvalidOperationException($"Grain {grain.GrainId} has a string key, not a Guid.");
    }

    /// <summary>The identity behind a grain reference.</summary>
    /// <exception cref="ArgumentException">The object is not a grain reference from <see cref="IGrainFactory"/>.</exception>
    public static GrainId GetGrainId(this IGrain reference) =>
        reference is GrainReference grainReference
            ? grainReference.GrainId
            : throw new ArgumentException("Not a grain reference obtained from IGrainFactory.", nameof(reference));
}
