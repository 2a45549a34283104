/*
 * fuzz_loader.c - libFuzzer target for the model loader: any bytes must
 * give a catalog or a located error, never a crash, leak or hang.  Runs the
 * whole path: YAML, typed entries, quantities, finish (reference checks).
 */
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wf_catalog *cat = NULL;
	wf_error err;

	if (size > 1 << 16)
		return 0;
	wf_global_init();
	wf_error_clear(&err);
	if (wf_catalog_new(&cat))
		return 0;
	if (wf_catalog_load_text(cat, (const char *)data, size, "fuzz-input.yaml", &err) == 0)
		wf_catalog_finish(cat, &err);
	wf_catalog_free(cat);
	return 0;
}
