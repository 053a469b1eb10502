using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class GrainKeyTests(ClusterFixture fixture)
{
    public static TheoryData<string, string> MalformedKeys => new()
    {
        { " ", "must not be empty or white space" },
        { new string('k', GrainKeys.MaxLength + 1), $"the limit is {GrainKeys.MaxLength}" },
        { "tab\there", "control character (U+0009)" },
    };

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public async Task A_malformed_key_fails_the_first_call_with_the_reason_and_every_grain_kind_checks(string key, string reason)
    {
        var session = await Assert.ThrowsAsync<ArgumentException>(() => fixture.GrainFactory.GetGrain<ITherapySessionGrain>(key).GetSnapshot());
        var patient = await Assert.ThrowsAsync<ArgumentException>(() => fixture.GrainFactory.GetGrain<IPatientGrain>(key).GetProfile());
        var therapist = await Assert.ThrowsAsync<ArgumentException>(() => fixture.GrainFactory.GetGrain<ITherapistGrain>(key).GetProfile());

        Assert.Contains($"A session key {reason}", session.Message, StringComparison.Ordinal);
        Assert.Contains($"A patient key {reason}", patient.Message, StringComparison.Ordinal);
        Assert.Contains($"A therapist key {reason}", therapist.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_at_the_length_limit_is_accepted()
    {
        var key = Keys.Unique("long").PadRight(GrainKeys.MaxLength, 'k');

        Assert.Null(await fixture.GrainFactory.GetGrain<IPatientGrain>(key).GetProfile());
    }
}
