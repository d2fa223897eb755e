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
		chain.appendChild(box);
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
