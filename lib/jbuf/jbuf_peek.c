/* Looking into the buffer without taking: the decoder of a lost frame may use the next
 * packet's redundancy (Opus in-band FEC) while that packet waits for its own turn. */
#include "jbuf_priv.h"

#include <stddef.h>

const void *mc_jbuf_peek(const struct mc_jbuf *jb, uint32_t ts)
{
	int32_t span;

	if (jb->slots == NULL || jb->count == 0)
		return NULL;
	span = jb_seqdiff(jb->top, jb->head);
	/* Only what is still to be played: from head up to the highest buffered. */
	for (int32_t i = 0; i <= span && i <= (int32_t)jb->mask; i++) {
		uint16_t seq = (uint16_t)(jb->head + (uint16_t)i);
		const struct mc_jbuf_slot *s = jb_slot(jb, seq);

		if (s->used && s->seq == seq && s->ts == ts)
			return s->handle;
	}
	return NULL;
}
