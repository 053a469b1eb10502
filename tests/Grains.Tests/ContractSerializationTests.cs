using System.CodeDom.Compiler;
using System.Reflection;
using System.Text;
using EmoteCare.Grains.Aggregation;
using EmoteCare.Grains.Allocation;
using EmoteCare.Grains.Conversation;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Resources;

namespace EmoteCare.Grains.Tests;

/// <summary>
/// Every value that crosses a grain or observer call, and every grain's persisted state, must survive Orleans'
/// serializer: the wire format between silos and clients and the format of stored state.
/// </summary>
public sealed class ContractSerializationTests
{
    private static readonly Assembly Contract = typeof(ITherapySessionGrain).Assembly;

    /// <summary>What the grains persist; stored state outlives the code that wrote it.</summary>
    private static readonly Type[] PersistedState =
        [typeof(TherapySessionState), typeof(IntakeState), typeof(AllocationQueueState), typeof(PatientState), typeof(TherapistState), typeof(AggregateState), typeof(BucketState), typeof(InboxEntry), typeof(PendingDeliveries),
         typeof(ResourceLibraryState), typeof(AddedResource), typeof(PatientResourcesState), typeof(ConversationState), typeof(ConversationPosition)];

    /// <summary>The contract's public data types: everything exported from its namespace but the grain interfaces and constant holders.</summary>
    private static IEnumerable<Type> ContractTypes() =>
        Contract.GetExportedTypes().Where(t => t.Namespace == typeof(ITherapySessionGrain).Namespace
            && !t.IsInterface
            && !(t.IsAbstract && t.IsSealed)
            && !t.IsDefined(typeof(GeneratedCodeAttribute)));

    private static bool IsRecord(Type type) =>
        type.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(StringBuilder)]) is not null;

    [Fact]
    public void Every_argument_and_result_of_the_contract_round_trips_through_the_orleans_serializer()
    {
        var interfaces = Contract.GetExportedTypes()
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
                // A grain or observer reference is an address, not data: it crosses as an identity, never as its members.
                if (typeof(IAddressable).IsAssignableFrom(type))
                {
                    continue;
                }

                checkedTypes.Add(type);
                if (RoundTripFailure(samples.Build(type), type) is { } failure)
                {
                    failures.Add($"{method.DeclaringType!.Name}.{method.Name}: {failure}");
                }
            }
        }

        Assert.Equal([typeof(IAccountConnectionsGrain), typeof(IAccountConnectionsObserver), typeof(IAllocationQueueGrain), typeof(IConversationGrain), typeof(IInferenceWorkerGrain), typeof(IIntakeGrain), typeof(IPatientGrain), typeof(IPatientResourcesGrain), typeof(IResourceLibraryGrain), typeof(ISessionObserver), typeof(ITherapistGrain), typeof(ITherapistObserver), typeof(ITherapySessionGrain)], interfaces.OrderBy(i => i.Name));
        Assert.Contains(typeof(ObservationBatch), checkedTypes);
        Assert.Contains(typeof(SessionSnapshot), checkedTypes);
        Assert.Contains(typeof(IReadOnlyList<TrendPoint>), checkedTypes);
        Assert.Contains(typeof(TherapistPractice), checkedTypes);
        Assert.Contains(typeof(ChatReply), checkedTypes);
        Assert.Empty(failures);
    }

    [Fact]
    public void Every_contract_type_and_persisted_state_round_trips_through_the_orleans_serializer()
    {
        var serializable = ContractTypes().Where(t => t.IsDefined(typeof(GenerateSerializerAttribute))).Concat(PersistedState).ToList();
        var samples = new SampleBuilder();

        var failures = serializable.Select(type => RoundTripFailure(samples.Build(type), type)).OfType<string>().ToList();

        Assert.Contains(typeof(SessionSnapshot), serializable);
        Assert.Contains(typeof(ObservationReceipt), serializable);
        Assert.Contains(typeof(Emotion), serializable);
        Assert.Empty(failures);
    }

    [Fact]
    public void Contract_types_are_generated_serializable_immutable_and_aliased()
    {
        var problems = new List<string>();
        foreach (var type in ContractTypes().Concat(PersistedState))
        {
            if (!type.IsDefined(typeof(GenerateSerializerAttribute)))
            {
                problems.Add($"{type.Name} lacks [GenerateSerializer]");
            }

            if (!type.IsDefined(typeof(AliasAttribute)))
            {
                problems.Add($"{type.Name} lacks [Alias]");
            }

            if (type.Assembly == Contract && !type.IsEnum && !IsRecord(type))
            {
                problems.Add($"{type.Name} is not a record");
            }

            if (IsRecord(type) && !type.IsDefined(typeof(ImmutableAttribute)))
            {
                problems.Add($"{type.Name} lacks [Immutable]");
            }
        }

        foreach (var contract in Contract.GetExportedTypes().Where(t => t.IsInterface && t.Namespace == typeof(ITherapySessionGrain).Namespace))
        {
            if (!contract.IsDefined(typeof(AliasAttribute)))
            {
                problems.Add($"{contract.Name} lacks [Alias]");
            }

            problems.AddRange(contract.GetMethods().Where(m => !m.IsDefined(typeof(AliasAttribute))).Select(m => $"{contract.Name}.{m.Name} lacks [Alias]"));
        }

        Assert.Contains(typeof(SessionSummary), ContractTypes());
        Assert.Empty(problems);
    }

    [Fact]
    public void The_sample_builder_fills_every_member_with_a_non_default_value()
    {
        var snapshot = (SessionSnapshot)new SampleBuilder().Build(typeof(SessionSnapshot));
        var state = new SampleBuilder().Build(typeof(TherapySessionState));

        var json = TestJson.Serialize(snapshot, typeof(SessionSnapshot));

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", TestJson.Serialize(state, typeof(TherapySessionState)), StringComparison.Ordinal);
        Assert.Equal(2, snapshot.Moments.Count);
        Assert.Equal(FrameQuality.NoFace | FrameQuality.MultipleFaces, ((ObservationBatch)new SampleBuilder().Build(typeof(ObservationBatch))).Frames[0].Quality);
    }

    /// <summary>Null when <paramref name="value"/> comes back from Orleans' serializer equal member by member; otherwise what differed.</summary>
    private static string? RoundTripFailure(object value, Type type)
    {
        object? received;
        try
        {
            received = OrleansSerialization.RoundTrip(value, type);
        }
        catch (TargetInvocationException exception)
        {
            return $"{type.Name}: {exception.InnerException!.GetType().Name}: {exception.InnerException.Message}";
        }

        var sent = TestJson.Serialize(value, type);
        var again = TestJson.Serialize(received, type);
        return sent == again ? null : $"{type.Name}\n  sent     {sent}\n  received {again}";
    }

    /// <summary>The result type of <c>Task&lt;T&gt;</c>; null for <c>Task</c> and <c>void</c>, which carry no data.</summary>
    private static Type? Unwrap(Type returnType) =>
        returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>) ? returnType.GetGenericArguments()[0] : null;

    /// <summary>
    /// Builds a non-trivial value of a contract or state type: records through their widest public constructor, state
    /// classes through their settable properties, collections with two items, flags combined, every number different. An
    /// unknown kind of type fails loudly so the builder grows with the contract instead of silently skipping a member.
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

            if (type == typeof(DateOnly))
            {
                return new DateOnly(2025, 3, 3).AddDays(n);
            }

            if (type == typeof(TimeOnly))
            {
                return new TimeOnly(9, 0).AddMinutes(n);
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
                // Every other list as the grains build theirs, with a collection expression: the compiler's own type.
                var items = Items(type.GetGenericArguments()[0], depth);
                return n % 2 == 0
                    ? items
                    : typeof(SampleBuilder).GetMethod(nameof(Spread), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type.GetGenericArguments()[0]).Invoke(null, [items])!;
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                return Activator.CreateInstance(type, Items(type.GetGenericArguments()[0], depth))!;
            }

            var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length)
                ?? throw new NotSupportedException($"No sample for {type}: extend the sample builder when the contract gains a new kind of type.");
            if (constructor.GetParameters().Length > 0)
            {
                return constructor.Invoke([.. constructor.GetParameters().Select(p => Build(p.ParameterType, depth + 1))]);
            }

            // Persisted state: a mutable class whose [Id] properties are what is stored.
            var properties = type.GetProperties().Where(p => p.IsDefined(typeof(IdAttribute))).ToList();
            if (properties.Count == 0)
            {
                throw new NotSupportedException($"No sample for {type}: contract types are records with a primary constructor, state classes have [Id] properties.");
            }

            var value = constructor.Invoke([]);
            foreach (var property in properties)
            {
                property.SetValue(value, Build(property.PropertyType, depth + 1));
            }

            return value;
        }

        private static IReadOnlyList<T> Spread<T>(T[] items) => [.. items];

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
