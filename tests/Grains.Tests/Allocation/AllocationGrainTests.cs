using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Tests.Allocation;

[Collection(ClusterCollection.Name)]
public sealed class AllocationGrainTests(ClusterFixture fixture)
{
    private static AllocationRequest Request(string patientId, AllocationRequestKind kind, string? reason = null) =>
        new(patientId, kind, [Specialty.Anxiety], "en", null, reason, [new("t1", "Dr One", ["Has room for 3 more patients."])], DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task An_intake_is_stored_normalised_and_a_broken_one_changes_nothing()
    {
        var intake = fixture.GrainFactory.GetGrain<IIntakeGrain>(Keys.Unique("patient"));
        var sent = new Intake("Panic on the train.", [Specialty.Anxiety], "de", "Europe/Berlin", [new(DayOfWeek.Friday, new(8, 0), new(9, 0)), new(DayOfWeek.Monday, new(18, 0), new(19, 0))]);

        await intake.Submit(sent);
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => intake.Submit(sent with { Reason = "" }));
        var stored = await intake.Get();

        Assert.Contains("reason", refused.Message, StringComparison.Ordinal);
        Assert.Equal("Panic on the train.", stored!.Intake.Reason);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Friday], stored.Intake.SuitableTimes.Select(t => t.Day));
    }

    [Fact]
    public async Task The_queue_keeps_one_open_request_per_patient_oldest_first_and_survives_reactivation()
    {
        // The queue is one grain for the cluster; other tests' entries may be there, so only this test's patients are looked at.
        var queue = fixture.GrainFactory.GetGrain<IAllocationQueueGrain>(IAllocationQueueGrain.Key);
        var (first, second) = (Keys.Unique("patient"), Keys.Unique("patient"));

        await queue.Put(Request(first, AllocationRequestKind.NewPatient));
        await queue.Put(Request(second, AllocationRequestKind.NewPatient));
        await queue.Put(Request(first, AllocationRequestKind.ChangeOfTherapist, "We do not get on."));
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var mine = (await queue.List(AllocationLimits.MaxQueueLength)).Where(r => r.PatientId == first || r.PatientId == second).ToList();

        Assert.Equal([second, first], mine.Select(r => r.PatientId));
        Assert.Equal("We do not get on.", mine[1].ChangeReason);
        Assert.True(await queue.Remove(first));
        Assert.False(await queue.Remove(first));
        Assert.Null(await queue.Find(first));
        Assert.Equal(["Has room for 3 more patients."], (await queue.Find(second))!.Suggestions[0].Reasons);
    }
}
