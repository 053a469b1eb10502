using EmoteCare.Text.Crisis;
using Microsoft.Extensions.DependencyInjection;

namespace EmoteCare.Text.Tests.Crisis;

public sealed class CrisisRegistrationTests
{
    [Fact]
    public void AddCrisisDetection_registers_one_shared_detector_with_the_committed_model()
    {
        using var services = new ServiceCollection().AddCrisisDetection().AddCrisisDetection().BuildServiceProvider();

        var detector = services.GetRequiredService<ICrisisDetector>();

        Assert.Same(detector, services.GetRequiredService<ICrisisDetector>());
        Assert.Equal("1.1.0", Assert.IsType<CrisisDetector>(detector).Model.Version);
        Assert.True(detector.Assess("I want to die").IsCrisis);
    }
}
