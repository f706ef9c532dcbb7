namespace DecentWork;

/// <summary>Marker for the UI strings in Resources/SharedResource.*.resx (one file per UI language).</summary>
public sealed class SharedResource;
