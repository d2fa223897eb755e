// The status page: reads /demo/status every 1.5 s and draws it; the button posts a test chat.
'use strict';

const REFRESH_MS = 1500;

function time(epochMilli) {
	return new Date(epochMilli).toLocaleTimeString('en-GB', { hour12: false });
}

function element(tag, className, text) {
	const node = document.createElement(tag);
	if (className) {
		node.className = className;
	}
	if (text !== undefined) {
		node.textContent = text;
	}
	return node;
}

function stateText(target) {
	if (target.state === 'up') {
		return 'up';
	}
	return target.state + ' until ' + time(target.until);
}

function drawChain(targets) {
	const chain = document.getElementById('chain');
	chain.replaceChildren();
	targets.forEach((target, index) => {
		if (index > 0) {
			chain.appendChild(element('div', 'arrow', '\u2192'));
		}
		const box = element('div', 'target ' + target.state);
		box.id = 'target-' + target.position;
		box.appendChild(element('div', null, target.position + '. ' + target.provider + ' (' + target.type + ')'));
		box.appendChild(element('div', 'muted', target.model));
		box.appendChild(element('div', 'state', stateText(target)));
		if (target.reason) {
			box.appendChild(element('div', 'reason', target.reason));
		}
		target.budget.forEach((bar) => box.appendChild(budgetBar(target.position, bar)));
		chain.appendChild(box);
	});
}

// Declared limits show left / limit; learned ones only what the provider said is left.
function budgetBar(position, bar) {
	const row = element('div', 'budget');
	row.id = 'budget-' + position + '-' + bar.limit;
	const label = bar.of === null
		? bar.limit + ': ' + bar.left.toLocaleString('en') + ' left (provider)'
		: bar.limit + ': ' + bar.left.toLocaleString('en') + ' / ' + bar.of.toLocaleString('en') + ' left';
	row.appendChild(element('div', 'muted', label));
	if (bar.of !== null) {
		const track = element('div', 'track');
		const fill = element('div', 'fill');
		const share = bar.of > 0 ? bar.left / bar.of : 0;
		fill.style.width = Math.round(share * 100) + '%';
		fill.classList.add(share < 0.1 ? 'low' : share < 0.5 ? 'half' : 'high');
		track.appendChild(fill);
		row.appendChild(track);
	}
	return row;
}

function drawKeys(keys) {
	document.getElementById('keys-section').hidden = keys.length === 0;
	const rows = document.getElementById('keys');
	rows.replaceChildren();
	keys.forEach((key) => {
		const row = element('tr');
		row.id = 'key-' + key.name;
		row.appendChild(element('td', null, key.name));
		row.appendChild(element('td', null, String(key.requests)));
		row.appendChild(element('td', null, key.tokensIn + ' / ' + key.tokensOut));
		const reasons = Object.entries(key.rejections).map(([reason, count]) => reason + ' ' + count);
		row.appendChild(element('td', null, reasons.length ? reasons.join(', ') : 'none'));
		rows.appendChild(row);
	});
}

function drawRoutes(routes) {
	const list = document.getElementById('routes');
	list.replaceChildren();
	routes.forEach((route) => {
		const item = element('li', null, route.name + (route.aliases.length ? ' (' + route.aliases.join(', ') + ')' : '') + ': ');
		route.groups.forEach((group, index) => {
			if (index > 0) {
				item.appendChild(document.createTextNode(' \u2192 '));
			}
			item.appendChild(element('span', 'muted', group[0] + ' '));
			item.appendChild(document.createTextNode('[' + group.slice(1).join(', ') + ']'));
		});
		list.appendChild(item);
	});
}

function outcomeClass(outcome) {
	if (outcome === 'succeeded') {
		return 'outcome-succeeded';
	}
	return (outcome === 'skipped' || outcome === 'unsupported') ? 'outcome-skipped' : 'outcome-failed';
}

function drawAttempts(attempts) {
	const rows = document.getElementById('attempts');
	rows.replaceChildren();
	attempts.forEach((attempt) => {
		const row = element('tr');
		row.appendChild(element('td', null, time(attempt.at)));
		row.appendChild(element('td', null, attempt.target));
		row.appendChild(element('td', outcomeClass(attempt.outcome), attempt.outcome));
		row.appendChild(element('td', null, attempt.httpStatus === null ? '' : String(attempt.httpStatus)));
		row.appendChild(element('td', null, attempt.latencyMs + ' ms'));
		row.appendChild(element('td', 'reason', attempt.detail));
		rows.appendChild(row);
	});
}

async function refresh() {
	try {
		const response = await fetch('/demo/status', { cache: 'no-store' });
		const status = await response.json();
		drawChain(status.targets);
		drawRoutes(status.routes);
		drawAttempts(status.attempts);
		drawKeys(status.keys);
		document.getElementById('calls').textContent = status.calls;
		document.getElementById('fallbacks').textContent = status.fallbacks;
		document.getElementById('failed-calls').textContent = status.failedCalls;
		document.getElementById('refreshed').textContent = 'Last refresh: ' + time(status.now);
	}
	catch (error) {
		document.getElementById('refreshed').textContent = 'Refresh failed: ' + error;
	}
}

async function sendTestChat() {
	const result = document.getElementById('chat-result');
	result.textContent = 'Sending...';
	try {
		const response = await fetch('/chat', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ message: 'Hello from the status page' })
		});
		const body = await response.json();
		if (response.ok) {
			const hops = body.attempts.length - 1;
			result.textContent = 'Answered by ' + body.provider + ' (' + body.model + ') after ' + hops
				+ (hops === 1 ? ' hop' : ' hops') + ': ' + body.content;
		}
		else {
			result.textContent = 'Failed: ' + (body.error ? body.error.message : response.status);
		}
	}
	catch (error) {
		result.textContent = 'Failed: ' + error;
	}
	refresh();
}

document.getElementById('send-test-chat').addEventListener('click', sendTestChat);
refresh();
setInterval(refresh, REFRESH_MS);
