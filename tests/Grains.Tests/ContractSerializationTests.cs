using System.Collections;
using System.Reflection;
using System.Text.Json;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Runtime;

namespace EmoteCare.Grains.Tests;

/// <summary>Every value that crosses a grain or observer call must survive System.Text.Json: the seam for calls across processes.</summary>
public sealed class ContractSerializationTests
{
    [Fact]
    public void Every_argument_and_result_of_the_contract_round_trips_through_json()
    {
        var contract = typeof(ITherapySessionGrain).Assembly;
        var interfaces = contract.GetExportedTypes()
            .Where(t => t.IsInterface && (typeof(IGrain).IsAssignableFrom(t) || typeof(IGrainObserver).IsAssignableFrom(t)))
            .ToList();
        var samples = new SampleBuilder();
        var checkedTypes = new HashSet<Type>();
        var failures = new List<string>();

        foreach (var method in interfaces.SelectMany(i => i.GetMethods()))
        {
            var types = method.GetParameters().Select(p => p.ParameterType).Append(Unwrap(method.ReturnType));
            foreach (var type in types.OfType<Type>())
            {
                // A grain or observer reference is an address, not data: it crosses as an identity, never as JSON of its members.
                if (typeof(IAddressable).IsAssignableFrom(type))
                {
                    continue;
                }

                checkedTypes.Add(type);
                var value = samples.Build(type);
                var json = JsonSerializer.Serialize(value, type, GrainJson.Options);
                var again = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type, GrainJson.Options), type, GrainJson.Options);
                if (json != again)
                {
                    failures.Add($"{method.DeclaringType!.Name}.{method.Name}: {type.Name}\n  sent     {json}\n  received {again}");
                }
            }
        }

        Assert.Equal([typeof(IInferenceWorkerGrain), typeof(IPatientGrain), typeof(ISessionObserver), typeof(ITherapistGrain), typeof(ITherapySessionGrain)], interfaces.OrderBy(i => i.Name));
        Assert.Contains(typeof(ObservationBatch), checkedTypes);
        Assert.Contains(typeof(SessionSnapshot), checkedTypes);
        Assert.Contains(typeof(IReadOnlyList<TrendPoint>), checkedTypes);
        Assert.Empty(failures);
    }

    [Fact]
    public void The_sample_builder_fills_every_member_with_a_non_default_value()
    {
        var snapshot = (SessionSnapshot)new SampleBuilder().Build(typeof(SessionSnapshot));

        var json = JsonSerializer.Serialize(snapshot, GrainJson.Options);

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.Equal(2, snapshot.Moments.Count);
        Assert.Equal(FrameQuality.NoFace | FrameQuality.MultipleFaces, ((ObservationBatch)new SampleBuilder().Build(typeof(ObservationBatch))).Frames[0].Quality);
    }

    /// <summary>The result type of <c>Task&lt;T&gt;</c>; null for <c>Task</c> and <c>void</c>, which carry no data.</summary>
    private static Type? Unwrap(Type returnType) =>
        returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>) ? returnType.GetGenericArguments()[0] : null;

    /// <summary>
    /// Builds a non-trivial value of a contract type: records through their widest public constructor, collections with
    /// two items, flags combined, every number different. An unknown kind of type fails loudly so the builder grows with
    /// the contract instead of silently skipping a member.
    /// </summary>
    private sealed class SampleBuilder
    {
        private int _next;

        public object Build(Type type) => Build(type, depth: 0);

        private object Build(Type type, int depth)
        {
            if (depth > 10)
            {
                throw new InvalidOperationException($"{type} nests too deeply; is the contract recursive?");
            }

            var n = ++_next;
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(string))
            {
                return $"sample-{n}";
            }

            if (type == typeof(bool))
            {
                return true;
            }

            if (type == typeof(int))
            {
                return n;
            }

            if (type == typeof(long))
            {
                return 10_000_000_000L + n;
            }

            if (type == typeof(float))
            {
                return n / 8f;
            }

            if (type == typeof(double))
            {
                return n / 3.0;
            }

            if (type == typeof(DateTimeOffset))
            {
                return new DateTimeOffset(2025, 3, 3, 10, 0, 0, TimeSpan.FromHours(2)).AddSeconds(n).AddTicks(n);
            }

            if (type == typeof(TimeSpan))
            {
                return TimeSpan.FromSeconds(90 + n).Add(TimeSpan.FromTicks(n));
            }

            if (type == typeof(Guid))
            {
                return Guid.NewGuid();
            }

            if (type.IsEnum)
            {
                var values = Enum.GetValues(type);
                return type.IsDefined(typeof(FlagsAttribute))
                    ? Enum.ToObject(type, Convert.ToInt64(values.GetValue(1), null) | Convert.ToInt64(values.GetValue(2), null))
                    : values.GetValue(values.Length - 1)!;
            }

            if (type.IsArray)
            {
                return Items(type.GetElementType()!, depth);
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
                && (definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>)))
            {
                return Items(type.GetGenericArguments()[0], depth);
            }

            var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length)
                ?? throw new NotSupportedException($"No sample for {type}: extend the sample builder when the contract gains a new kind of type.");
            if (constructor.GetParameters().Length == 0)
            {
                throw new NotSupportedException($"No sample for {type}: contract types are records with a primary constructor.");
            }

            return constructor.Invoke([.. constructor.GetParameters().Select(p => Build(p.ParameterType, depth + 1))]);
        }

        private Array Items(Type elementType, int depth)
        {
            var items = Array.CreateInstance(elementType, 2);
            for (var i = 0; i < items.Length; i++)
            {
                items.SetValue(Build(elementType, depth + 1), i);
            }

            return items;
        }
    }
}
