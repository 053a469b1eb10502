namespace EmoteCare.Vision.Tests;

/// <summary>
/// Tests that measure the whole process (resident memory, timing) run in this collection, which xunit
/// runs alone after the parallel ones so other tests' allocations do not show up in the measurement.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial: process-wide measurements";
}
