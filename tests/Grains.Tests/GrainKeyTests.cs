using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class GrainKeyTests(ClusterFixture fixture)
{
    /// <summary>Orleans refuses an empty or white-space key itself, before any grain sees it; the others reach the grain.</summary>
    public static TheoryData<string, string> MalformedKeys => new()
    {
        { " ", "empty string or composed entirely of whitespace" },
        { new string('k', GrainKeys.MaxLength + 1), $"key is {GrainKeys.MaxLength + 1} characters long; the limit is {GrainKeys.MaxLength}" },
        { "tab\there", "key contains a control character (U+0009)" },
    };

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public async Task A_malformed_key_fails_the_first_call_with_the_reason_and_every_grain_kind_checks(string key, string reason)
    {
        var session = await Assert.ThrowsAsync<ArgumentException>(() => fixture.GrainFactory.GetGrain<ITherapySessionGrain>(key).GetSnapshot());
        var patient = await Assert.ThrowsAsync<ArgumentException>(() => fixture.GrainFactory.GetGrain<IPatientGrain>(key).GetProfile());
        var therapist = await Assert.ThrowsAsync<ArgumentException>(() => fixture.GrainFactory.GetGrain<ITherapistGrain>(key).GetProfile());
        var intake = await Assert.ThrowsAsync<ArgumentException>(() => fixture.GrainFactory.GetGrain<IIntakeGrain>(key).Get());

        Assert.Contains(reason, session.Message, StringComparison.Ordinal);
        Assert.Contains(reason, patient.Message, StringComparison.Ordinal);
        Assert.Contains(reason, therapist.Message, StringComparison.Ordinal);
        Assert.Contains(reason, intake.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_at_the_length_limit_is_accepted()
    {
        var key = Keys.Unique("long").PadRight(GrainKeys.MaxLength, 'k');

        Assert.Null(await fixture.GrainFactory.GetGrain<IPatientGrain>(key).GetProfile());
    }
}
