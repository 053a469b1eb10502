using EmoteCare.Text.Crisis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmoteCare.Text;

/// <summary>Registers the crisis detector, as the Api and the evaluation tool use it.</summary>
public static class CrisisServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ICrisisDetector"/> as a singleton: the deterministic patterns and the indirect-wording model built
    /// into this assembly. The model is read when the detector is first resolved; a damaged one fails that resolution
    /// rather than leaving the patterns to run alone unnoticed.
    /// </summary>
    public static IServiceCollection AddCrisisDetection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ICrisisDetector>(_ => new CrisisDetector(IndirectWordingModel.LoadEmbedded()));
        return services;
    }
}
