using System.Text.Json;
using System.Text.Json.Serialization;
using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace EmoteCare.Grains.Tests;

/// <summary>Orleans' serializer for the contract and the grains' persisted state, outside a silo.</summary>
internal static class OrleansSerialization
{
    private static readonly Lazy<ServiceProvider> Services = new(() => new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(ITherapySessionGrain).Assembly).AddAssembly(typeof(TherapySessionGrain).Assembly))
        .BuildServiceProvider());

    public static Serializer Serializer => Services.Value.GetRequiredService<Serializer>();

    /// <summary>Serializes and deserializes <paramref name="value"/> as a value of <paramref name="type"/>.</summary>
    public static object? RoundTrip(object? value, Type type) =>
        typeof(OrleansSerialization).GetMethod(nameof(RoundTripAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type)
            .Invoke(null, [value]);

    private static T? RoundTripAs<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value));
}

/// <summary>JSON for comparing values member by member in assertions (web defaults, enums by name).</summary>
internal static class TestJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize(object? value, Type type) => JsonSerializer.Serialize(value, type, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
