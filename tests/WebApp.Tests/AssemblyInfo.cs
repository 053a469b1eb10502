// One browser and one Api at a time: the machine has two cores, and the pages measure a live pipeline.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
