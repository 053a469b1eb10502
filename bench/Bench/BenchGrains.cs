namespace EmoteCare.Bench;

[Alias("emotecare.bench.IBenchGrain")]
public interface IBenchGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task<int> Add(int amount);
}

/// <summary>The cheapest useful grain method: what remains is the runtime's own cost per call.</summary>
public sealed class BenchGrain : Grain, IBenchGrain
{
    private int _total;

    public Task<int> Add(int amount) => Task.FromResult(_total += amount);
}

/// <summary>The same method on a plain object, made safe for concurrent callers the usual way.</summary>
public sealed class LockedCounter
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _total;

    public async Task<int> Add(int amount)
    {
        await _gate.WaitAsync();
        try
        {
            return _total += amount;
        }
        finally
        {
            _gate.Release();
        }
    }
}

[GenerateSerializer, Alias("emotecare.bench.BenchStateHolder")]
public sealed class BenchStateHolder
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public string Note { get; set; } = "";
}

[Alias("emotecare.bench.IBenchStateGrain")]
public interface IBenchStateGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task Write(int value);
}

public sealed class BenchStateGrain([PersistentState("bench")] IPersistentState<BenchStateHolder> state) : Grain, IBenchStateGrain
{
    public Task Write(int value)
    {
        state.State.Value = value;
        state.State.Note = "a short note of a few dozen characters, as grain state has";
        return state.WriteStateAsync();
    }
}
