using EmoteCare.Vision.Faces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoteCare.Grains.Inference;

/// <summary>Adds the silo's inference path: frame dispatcher, worker pipelines and the pump that drives the workers.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>Adds inference; <c>Inference</c> in configuration binds <see cref="FrameDispatcherOptions"/>. Call after the grain runtime.</summary>
    public static IServiceCollection AddEmoteCareInference(this IServiceCollection services, IConfiguration configuration)
    {
        // A bad tracking setting fails the start, not the first worker to activate.
        services.AddOptions<FrameDispatcherOptions>()
            .Bind(configuration.GetSection("Inference"))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FrameDispatcherOptions>, FrameDispatcherOptionsValidator>();
        services.AddSingleton<FrameDispatcher>();
        services.AddSingleton<FaceTrackStore>();
        services.AddSingleton<FramePipelineFactory>();
        services.AddSingleton<InferenceMetrics>();
        services.AddHostedService<InferencePump>();
        return services;
    }
}
